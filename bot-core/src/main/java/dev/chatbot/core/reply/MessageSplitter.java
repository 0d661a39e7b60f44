package dev.chatbot.core.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts a long answer into messages a platform accepts. Cuts fall at a paragraph, else a line,
 * else a space (never inside a Markdown link), in the second half of the allowed length; a code
 * block open at a cut is closed there and reopened, with its language, in the next part. Growing
 * text splits stably: once a part is full it never changes as more text arrives.
 *
 * <p>The text is Markdown source; a platform that formats it measures each part as it will show
 * it, and a part whose formatted length would not fit is cut shorter.
 */
public final class MessageSplitter {

    private static final String FENCE = "```";
    /** Room kept for the closing fence added at a cut. */
    private static final int FENCE_RESERVE = FENCE.length() + 1;

    private final int maxLength;
    private final ToIntFunction<String> measure;

    public MessageSplitter(int maxLength) {
        this(maxLength, String::length);
    }

    /** @param measure a part's length as the platform counts it once formatted */
    public MessageSplitter(int maxLength, ToIntFunction<String> measure) {
        if (maxLength < 64) {
            throw new IllegalArgumentException("maxLength too small: " + maxLength);
        }
        this.maxLength = maxLength;
        this.measure = measure;
    }

    public List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        // the source length alone decides for most texts, and it only grows: a split once made stays
        while (rest.length() > maxLength || measure.applyAsInt(rest) > maxLength) {
            String[] cut = cutFitting(rest);
            parts.add(cut[0]);
            rest = cut[1];
        }
        parts.add(rest);
        return parts;
    }

    /** The first part and the rest, the part cut shorter until its formatted length fits. */
    private String[] cutFitting(String rest) {
        int floor = Math.max(1, maxLength / 4);
        int limit = Math.min(maxLength - FENCE_RESERVE, rest.length() - 1);
        while (true) {
            int cut = cutPoint(rest, limit);
            String[] parts = cutAt(rest, cut);
            int over = measure.applyAsInt(parts[0]) - maxLength;
            if (over <= 0 || limit <= floor) {
                return parts;
            }
            limit = Math.max(floor, Math.min(limit, cut) - over);
        }
    }

    private static String[] cutAt(String rest, int cut) {
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
        return new String[] {part, next};
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
            return outsideLink(text, at + 1, half);
        }
        // no good place: cut hard, but never between the halves of a surrogate pair
        int hard = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return outsideLink(text, hard, half);
    }

    /**
     * Moves a cut that would fall inside a Markdown link {@code [text](url)} to just before it, so
     * the link arrives whole in the next part instead of as two halves of raw markup.
     */
    static int outsideLink(String text, int cut, int floor) {
        int lineStart = text.lastIndexOf('\n', cut - 1) + 1;
        int open = text.lastIndexOf('[', cut - 1);
        if (open <= 0 || open < Math.max(lineStart, floor)) {
            return cut;
        }
        int middle = text.indexOf("](", open);
        boolean spansCut = middle < 0 || middle >= cut - 1;
        if (!spansCut) {
            int close = text.indexOf(')', middle + 2);
            spansCut = close < 0 || close >= cut;
        }
        return spansCut ? open : cut;
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
