package dev.chatbot.core.history;

import java.util.List;

/**
 * Counts tokens with o200k_base. Exact for current OpenAI models, an estimate for the others;
 * callers keep a safety margin for that. Every instance shares one compact copy of the vocabulary
 * ({@link O200kBase}), loaded when the first instance is made, at start-up in the app, so the first
 * answer does not wait for it.
 */
public final class TokenCounter {

    /** Role markers and separators the chat formats add around every message. */
    static final int PER_MESSAGE_OVERHEAD = 4;

    static final int MIN_IMAGE_TOKENS = 85;
    static final int MAX_IMAGE_TOKENS = 1600;

    private final BytePairCounter o200k;

    public TokenCounter() {
        this.o200k = O200kBase.counter();
    }

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : o200k.count(text);
    }

    public int count(ChatMessage message) {
        int total = PER_MESSAGE_OVERHEAD;
        for (ChatMessage.Part part : message.parts()) {
            total += switch (part) {
                case ChatMessage.Text t -> count(t.text());
                case ChatMessage.Image i -> i.isLoaded() ? imageTokens(i.width(), i.height()) : count(ChatMessage.Image.PLACEHOLDER);
                case ChatMessage.ToolUse u -> count(u.name()) + count(u.arguments()) + PER_MESSAGE_OVERHEAD;
                case ChatMessage.ToolResult r -> count(r.content()) + PER_MESSAGE_OVERHEAD;
            };
        }
        return total;
    }

    /**
     * What a picture costs in prompt tokens, as the providers reckon it: about one token per 750 pixels
     * (Anthropic's rule; OpenAI's tiles come out lower), between one low-detail tile and the size
     * the providers scale the largest images down to.
     */
    static int imageTokens(int width, int height) {
        long pixels = (long) Math.max(1, width) * Math.max(1, height);
        return (int) Math.clamp(pixels / 750, MIN_IMAGE_TOKENS, MAX_IMAGE_TOKENS);
    }

    public int count(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage m : messages) {
            total += count(m);
        }
        return total;
    }
}
