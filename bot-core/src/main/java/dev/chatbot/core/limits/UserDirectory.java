package dev.chatbot.core.limits;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Usernames of the users the bot has seen, so admins can write @alice instead of an id. */
public interface UserDirectory {

    /** Notes that {@code userId} goes by {@code username} on {@code platform}; cheap when nothing changed. */
    void remember(String platform, String userId, String username);

    /** The id of the user last seen with this username (without the @, any case). */
    CompletionStage<Optional<String>> find(String platform, String username);

    /** Usernames of the given "platform:userId" refs, where known. */
    CompletionStage<Map<String, String>> usernames(Collection<String> users);
}
