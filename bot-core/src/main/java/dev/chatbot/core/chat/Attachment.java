package dev.chatbot.core.chat;

/**
 * Something a user sent besides text, not yet fetched: the engine decides whether it is wanted
 * (a model that sees pictures, a capability switched on) before anything is downloaded.
 *
 * @param type            what it is
 * @param mediaType       as the platform declared it, or null; the bytes are sniffed anyway
 * @param size            bytes as the platform declared them, or 0 when unknown
 * @param durationSeconds for voice and audio, as declared; 0 when unknown
 * @param animated        an animated or video sticker, a GIF animation: nothing a model reads
 * @param download        fetches the bytes through the platform's API
 */
public record Attachment(Type type, String mediaType, long size, int durationSeconds, boolean animated,
                         Download download) {

    public enum Type { IMAGE, VOICE }

    /** Fetches an attachment's bytes, at most {@code maxBytes} of them; throws a RuntimeException saying why not. */
    @FunctionalInterface
    public interface Download {
        byte[] fetch(long maxBytes);
    }

    public static Attachment image(String mediaType, long size, Download download) {
        return new Attachment(Type.IMAGE, mediaType, size, 0, false, download);
    }
}
