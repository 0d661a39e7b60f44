package dev.chatbot.core.inbox;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.reply.RecordingReplyChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An adapter as small as one can be: an event's payload is its text. What it hands the inbox is
 * "answered" when the test says so, which is how a test holds an answer running or lets a crash
 * cut it short.
 */
final class FakePlatform {

    static final String NAME = "fake";

    /** The texts handed over to be answered, in order, across runs of the inbox. */
    final List<String> handled = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Void>> answers = new ConcurrentHashMap<>();

    Inbox.Handler handler() {
        return (message, channel) -> {
            handled.add(message.text());
            return answer(message.text());
        };
    }

    /** The answer to {@code text}: complete it to let it finish. */
    CompletableFuture<Void> answer(String text) {
        return answers.computeIfAbsent(text, k -> new CompletableFuture<>());
    }

    InboxEvent event(String id, String text) {
        InboundMessage message = new InboundMessage(ChatKey.of(NAME, "chat-1"), "m-" + id,
                new Sender("u1", "alice", "Alice", "en"), text, InboundMessage.Kind.TEXT, true, false, null);
        return new InboxEvent(id, text, message, new RecordingReplyChannel());
    }

    /** Reads a recorded payload again, as after a restart; "junk" means nothing any more. */
    Optional<InboxEvent> read(String payload) {
        // the payload does not carry the id: the inbox goes by its record's
        return payload.equals("junk") ? Optional.empty() : Optional.of(event("unknown", payload));
    }
}
