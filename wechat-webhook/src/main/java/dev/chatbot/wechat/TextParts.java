package dev.chatbot.wechat;

import dev.chatbot.core.reply.MessageSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
     * The one message of a passive reply: the first of {@code messages}, or a text's first part when it is
     * too long for one message. The rest goes to {@code rest} message by message, in order, on its own
     * thread, so WeChat's response is not held up by it.
     */
    static WxMessage firstAndRest(List<WxMessage> messages, Consumer<WxMessage> rest) {
        List<WxMessage> after = new ArrayList<>(messages.subList(1, messages.size()));
        WxMessage first = messages.getFirst();
        if (first instanceof WxMessage.Text text && text.content().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            // each part already fits, and code blocks are closed and reopened at the cuts
            List<String> parts = of(text.content());
            first = new WxMessage.Text(parts.getFirst());
            after.addAll(0, parts.subList(1, parts.size()).stream().map(WxMessage.Text::new).toList());
        }
        if (!after.isEmpty()) {
            Thread.ofVirtual().name("wechat-rest").start(() -> after.forEach(rest));
        }
        return first;
    }
}
