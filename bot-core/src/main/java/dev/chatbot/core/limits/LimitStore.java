package dev.chatbot.core.limits;

import java.util.concurrent.CompletionStage;

/** What admins change from the chat: per-user caps, the shared defaults, bans. */
public interface LimitStore {

    /** Stands for everyone without a cap of their own, in place of a user. */
    String DEFAULT = "default";

    /** The defaults admins set from the chat (over the configured ones). */
    CompletionStage<Limits> defaults();

    /** @param who a user ("platform:userId") or {@link #DEFAULT}; amount {@link Limits#UNLIMITED} lifts the cap */
    CompletionStage<Void> setLimit(String who, Meter meter, long amount);

    /** Removes every cap set for {@code who}; a ban stays. */
    CompletionStage<Void> clearLimits(String who);

    CompletionStage<Void> setBanned(String user, boolean banned);
}
