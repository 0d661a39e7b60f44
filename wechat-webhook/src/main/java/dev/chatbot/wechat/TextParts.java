package dev.chatbot.wechat;

import dev.chatbot.core.reply.MessageSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts an answer for WeChat's send APIs, which take at most 2048 bytes of text per message (WeCom
 * truncates beyond; the customer-service API refuses): as few parts as possible, cut at
 * paragraphs first, since each customer-service message spends a little of a small quota.
 */
final class TextParts {

    static final int MAX_BYTES = 2048;

    private static final MessageSplitter SPLITTER =
            new MessageSplitter(MAX_BYTES, s -> s.getBytes(StandardCharsets.UTF_8).length);

    private TextParts() {
    }

    static List<String> of(String text) {
        return SPLITTER.split(text);
    }

    /**
     * The first part of a passive reply that is too long for one message; the rest goes to
     * {@code rest} part by part, on its own thread, so WeChat's response is not held up by it.
     */
    static String firstAndRest(String text, java.util.function.Consumer<String> rest) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return text;
        }
        List<String> parts = of(text);
        // part by part, in order: each already fits, and code blocks are closed and reopened at the cuts
        Thread.ofVirtual().name("wechat-rest").start(() -> parts.subList(1, parts.size()).forEach(rest));
        return parts.getFirst();
    }
}
