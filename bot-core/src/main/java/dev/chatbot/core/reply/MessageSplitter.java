package dev.chatbot.core.reply;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long answer into messages a platform accepts. Cuts fall at a paragraph, else a line,
 * else a space, in the second half of the allowed length; a code block open at a cut is closed
 * there and reopened, with its language, in the next part. Growing text splits stably: once a
 * part is full it never changes as more text arrives.
 */
public final class MessageSplitter {

    private static final String FENCE = "```";
    /** Room kept for the closing fence added at a cut. */
    private static final int FENCE_RESERVE = FENCE.length() + 1;

    private final int maxLength;

    public MessageSplitter(int maxLength) {
        if (maxLength < 64) {
            throw new IllegalArgumentException("maxLength too small: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    public List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > maxLength) {
            int cut = cutPoint(rest, maxLength - FENCE_RESERVE);
            String part = rest.substring(0, cut);
            String next = rest.substring(cut);
            String openFence = openFenceAtEnd(part);
            if (openFence != null) {
                part = stripTrailingNewline(part) + "\n" + FENCE;
                next = openFence + "\n" + stripLeadingNewline(next);
            } else {
                part = part.stripTrailing();
                next = next.stripLeading();
            }
            parts.add(part);
            rest = next;
        }
        parts.add(rest);
        return parts;
    }

    static int cutPoint(String text, int limit) {
        int half = limit / 2;
        int at = text.lastIndexOf("\n\n", limit);
        if (at >= half) {
            return at + 1;
        }
        at = text.lastIndexOf('\n', limit - 1);
        if (at >= half) {
            return at + 1;
        }
        at = text.lastIndexOf(' ', limit - 1);
        if (at >= half) {
            return at + 1;
        }
        // no good place: cut hard, but never between the halves of a surrogate pair
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    /** The opening fence line (with its language) when {@code part} ends inside a code block. */
    static String openFenceAtEnd(String part) {
        String open = null;
        for (String line : part.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith(FENCE)) {
                open = open == null ? trimmed : null;
            }
        }
        return open;
    }

    private static String stripTrailingNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String stripLeadingNewline(String s) {
        return s.startsWith("\n") ? s.substring(1) : s;
    }
}
