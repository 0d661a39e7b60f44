package dev.chatbot.core.history;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * Counts tokens with o200k_base. Exact for current OpenAI models, an estimate for the others;
 * callers keep a safety margin for that.
 */
public final class TokenCounter {

    /** Role markers and separators the chat formats add around every message. */
    static final int PER_MESSAGE_OVERHEAD = 4;

    private final Encoding encoding;

    public TokenCounter() {
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    public int count(ChatMessage message) {
        return count(message.content()) + PER_MESSAGE_OVERHEAD;
    }

    public int count(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage m : messages) {
            total += count(m);
        }
        return total;
    }
}
