package dev.chatbot.testsupport;

import java.nio.charset.StandardCharsets;

/** Recordings for tests: the first bytes of each format (the fakes and the bot look at nothing more). */
public final class TestRecordings {

    private TestRecordings() {
    }

    /** An OGG page header and some payload, as a Telegram or Discord voice message starts. */
    public static byte[] ogg(int bytes) {
        return withMagic("OggS", bytes);
    }

    /** An AMR file, as WeChat's voice messages are: the transcription endpoint does not take it. */
    public static byte[] amr(int bytes) {
        return withMagic("#!AMR\n", bytes);
    }

    private static byte[] withMagic(String magic, int bytes) {
        byte[] out = new byte[Math.max(bytes, magic.length())];
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, out, 0, m.length);
        for (int i = m.length; i < out.length; i++) {
            out[i] = (byte) (i * 7);
        }
        return out;
    }
}
