package dev.chatbot.core.reply;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The polled shape, for platforms that come and ask for the answer so far (WeCom AI bot's stream
 * refresh): each {@link #poll()} returns the latest text and whether it is finished. The text
 * fits a byte cap: a longer answer is cut, and its final text ends with a note saying so.
 *
 * <p>What a poll shows never shrinks: while the answer grows, only the part that will stay
 * (the cap less the note) is shown, so the note can join it at the end without taking any back.
 */
public final class PolledReply implements Reply {

    private final FirstShown firstShown = new FirstShown();

    /** What one poll sees. */
    public record Snapshot(String text, boolean finished) {
    }

    private final int maxBytes;
    private final String cutNote;
    private final int keptBytes;
    private final Object lock = new Object();

    // guarded by lock
    private String latest = "";
    private Supplier<String> growing;
    private boolean finished;
    private boolean abandoned;
    private String shown = "";

    /**
     * @param maxBytes the most UTF-8 bytes one poll's text may hold (WeCom: 20480)
     * @param cutNote  added, after a blank line, to a final text that had to be cut (the i18n text
     *                {@code reply.cut} in the user's language)
     */
    public PolledReply(int maxBytes, String cutNote) {
        this.cutNote = "\n\n" + cutNote;
        this.maxBytes = maxBytes;
        this.keptBytes = maxBytes - utf8Length(this.cutNote);
        if (keptBytes < 1) {
            throw new IllegalArgumentException("the cut note leaves no room in " + maxBytes + " bytes");
        }
    }

    @Override
    public void update(String textSoFar) {
        synchronized (lock) {
            if (!finished) {
                latest = textSoFar;
                growing = null;
            }
        }
    }

    /** Reads the text only when the platform polls. */
    @Override
    public void grow(Supplier<String> textSoFar) {
        synchronized (lock) {
            if (!finished) {
                growing = textSoFar;
            }
        }
    }

    /** Returns at once: the platform picks the final text up with its next poll. */
    @Override
    public void finish(String finalText) {
        synchronized (lock) {
            if (!finished) {
                latest = finalText;
                growing = null;
                finished = true;
            }
        }
    }

    /** Polls go on seeing what they saw, never finished; the message is answered after the restart. */
    @Override
    public void abandon() {
        synchronized (lock) {
            abandoned = true;
            finished = true;
        }
    }

    public Snapshot poll() {
        synchronized (lock) {
            if (abandoned) {
                return new Snapshot(shown, false);
            }
            String text = growing != null ? growing.get() : latest;
            if (finished) {
                shown = utf8Length(text) <= maxBytes ? text : prefix(text, keptBytes) + cutNote;
            } else if (!text.isBlank()) {
                shown = prefix(text, keptBytes);
            }
            if (!shown.isBlank()) {
                firstShown.shown();
            }
            return new Snapshot(shown, finished);
        }
    }

    @Override
    public void whenShown(Runnable firstShown) {
        this.firstShown.listen(firstShown);
    }

    /** The longest prefix of whole code points that fits in {@code bytes} of UTF-8. */
    static String prefix(String text, int bytes) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + len > bytes) {
                return text.substring(0, i);
            }
            used += len;
            i += Character.charCount(cp);
        }
        return text;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
