package dev.chatbot.core.media;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.net.FetchException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Voice messages and audio files to text: the declared length checked first (nothing is downloaded
 * for an hour-long recording), then the bytes fetched, their format sniffed, and the recording sent
 * as it is to the transcription endpoint. Formats it does not take (WeChat's AMR and SILK) are
 * refused rather than converted by hand.
 */
public final class Voice {

    /** OpenAI's cap on an upload to /audio/transcriptions. */
    public static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(5);

    private final Transcriber transcriber;
    private final Duration maxDuration;
    private final long maxBytes;
    private final String model;
    private final double pricePerMinute;

    public Voice(Transcriber transcriber, Duration maxDuration, long maxBytes) {
        this(transcriber, maxDuration, maxBytes, "transcription", 0);
    }

    /**
     * @param model          names the transcriptions in usage statistics
     * @param pricePerMinute US dollars per started minute of audio, as the catalog prices it
     */
    public Voice(Transcriber transcriber, Duration maxDuration, long maxBytes, String model, double pricePerMinute) {
        this.model = model;
        this.pricePerMinute = pricePerMinute;
        this.transcriber = transcriber;
        this.maxDuration = maxDuration;
        this.maxBytes = maxBytes;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public String model() {
        return model;
    }

    /** What transcribing this recording costs: its declared minutes, started ones counted whole (one at least). */
    public double price(Attachment recording) {
        long minutes = Math.max(1, (recording.durationSeconds() + 59) / 60);
        return minutes * pricePerMinute;
    }

    /**
     * @return the transcript, never blank
     * @throws MediaRefusedException with the note for the user
     */
    public String transcribe(Attachment recording) {
        long minutes = Math.max(1, maxDuration.toMinutes());
        if (recording.durationSeconds() > maxDuration.toSeconds()) {
            throw new MediaRefusedException("voice.too.long", recording.durationSeconds() + " s", minutes);
        }
        String declared = recording.mediaType() == null ? "" : recording.mediaType().toLowerCase(java.util.Locale.ROOT);
        if (declared.endsWith("/amr") || declared.endsWith("/speex") || declared.endsWith("/silk")) {
            throw new MediaRefusedException("voice.format", declared + " is not taken by the endpoint");
        }
        if (recording.size() > maxBytes) {
            throw new MediaRefusedException("voice.too.long", recording.size() + " bytes", minutes);
        }
        byte[] audio;
        try {
            audio = recording.download().fetch(maxBytes);
        } catch (FetchException e) {
            throw new MediaRefusedException(e.reason() == FetchException.Reason.TOO_LARGE ? "voice.too.long"
                    : "voice.fetch.failed", e.getMessage(), minutes);
        } catch (RuntimeException e) {
            throw new MediaRefusedException("voice.fetch.failed", e.toString());
        }
        String extension = format(audio)
                .orElseThrow(() -> new MediaRefusedException("voice.format", "unknown audio format"));
        if (extension.equals("amr") || extension.equals("silk")) {
            throw new MediaRefusedException("voice.format", extension + " is not taken by the endpoint");
        }
        String text;
        try {
            text = transcriber.transcribe(audio, "voice." + extension);
        } catch (LlmException e) {
            throw new MediaRefusedException("voice.failed", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new MediaRefusedException("voice.empty", "empty transcript");
        }
        return text;
    }

    /** The file extension the endpoint knows the format by, from the first bytes. */
    static Optional<String> format(byte[] b) {
        if (ascii(b, 0, "OggS")) {
            return Optional.of("ogg");
        }
        if (ascii(b, 0, "ID3") || b.length > 1 && (b[0] & 0xff) == 0xFF && (b[1] & 0xe0) == 0xe0) {
            return Optional.of("mp3");
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) {
            return Optional.of("wav");
        }
        if (ascii(b, 0, "fLaC")) {
            return Optional.of("flac");
        }
        if (ascii(b, 4, "ftyp")) {
            return Optional.of("m4a");
        }
        if (b.length > 3 && (b[0] & 0xff) == 0x1A && (b[1] & 0xff) == 0x45 && (b[2] & 0xff) == 0xDF && (b[3] & 0xff) == 0xA3) {
            return Optional.of("webm");
        }
        if (ascii(b, 0, "#!AMR")) {
            return Optional.of("amr");
        }
        if (ascii(b, 0, "#!SILK") || ascii(b, 1, "#!SILK")) {
            return Optional.of("silk");
        }
        return Optional.empty();
    }

    private static boolean ascii(byte[] b, int at, String s) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length < at + p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (b[at + i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
