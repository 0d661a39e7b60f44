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
}
