package dev.chatbot.core.commands;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.commands.LimitGrammar.Target;
import dev.chatbot.core.limits.LimitStore;
import dev.chatbot.core.limits.UserDirectory;
import java.util.Optional;

/** Finds whom an admin command is about: a "platform:userId" (or "default") and a name to show. */
final class UserTargets {

    /** @param ref "platform:userId", or {@link LimitStore#DEFAULT}; @param shown how replies name them */
    record Resolved(String ref, String shown) {

        boolean isEveryone() {
            return ref.equals(LimitStore.DEFAULT);
        }
    }

    private final UserDirectory users;

    UserTargets(UserDirectory users) {
        this.users = users;
    }

    /** Empty when an @username is not known: the bot has not seen that user write yet. */
    Optional<Resolved> resolve(Target target, InboundMessage message) {
        String platform = message.chat().platform();
        return switch (target) {
            case Target.Everyone e -> Optional.of(new Resolved(LimitStore.DEFAULT, LimitStore.DEFAULT));
            case Target.UserId id -> Optional.of(new Resolved(
                    (id.platform() == null ? platform : id.platform()) + ":" + id.id(), id.id()));
            case Target.Username u -> users.find(platform, u.name()).toCompletableFuture().join()
                    .map(id -> new Resolved(platform + ":" + id, "@" + u.name()));
            case Target.RepliedTo r -> Optional.of(replied(message.replyToSender(), platform));
        };
    }

    private static Resolved replied(Sender s, String platform) {
        String shown = s.username() != null && !s.username().isBlank() ? "@" + s.username() : s.speakerName();
        return new Resolved(platform + ":" + s.id(), shown);
    }

    /** How an unknown target was written, for the "haven't seen them" answer. */
    static String written(Target target) {
        return target instanceof Target.Username u ? "@" + u.name() : target.toString();
    }
}
