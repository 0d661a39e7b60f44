package dev.chatbot.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A picture's format told from its first bytes, never from what a platform or a file name claims. */
public enum PictureFormat {
    JPEG(true), PNG(true), GIF(true), BMP(true),
    /** The JDK has no reader for these; a decoder library would be needed. */
    WEBP(false), HEIC(false);

    private final boolean readable;

    PictureFormat(boolean readable) {
        this.readable = readable;
    }

    /** Whether the JDK's ImageIO decodes it. */
    public boolean isReadable() {
        return readable;
    }

    public static Optional<PictureFormat> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return Optional.of(PNG);
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(b, 0, "BM") && b.length > 26) {
            return Optional.of(BMP);
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (ascii(b, 4, "ftyp")) {
            String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.US_ASCII) : "";
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")
                    || brand.equals("avif")) {
                return Optional.of(HEIC);
            }
        }
        return Optional.empty();
    }

    private static boolean ascii(byte[] b, int at, String s) {
        return startsWith(b, at, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
