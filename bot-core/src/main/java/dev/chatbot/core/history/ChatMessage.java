package dev.chatbot.core.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation as the model sees it: a role and its content parts, in order.
 *
 * <h2>Design</h2>
 * Content is a list of {@link Part}s behind a sealed interface, so that every place that turns a
 * message into something else (the four providers' request encoders, {@link MessageJson} for
 * history in Redis, {@link TokenCounter}) switches over the parts exhaustively: a new kind of part
 * does not compile until each of them says what it does with it. Today's parts:
 * <ul>
 *   <li>{@link Text}: plain text;</li>
 *   <li>{@link Image}: a picture the user sent. History keeps only its reference (id, media type,
 *       size); the bytes live in their own Redis key beside the chat's history ({@link ImageStore}) and
 *       are loaded for the newest few images of a turn's prompt only. An image without its bytes is
 *       shown to the model as {@value Image#PLACEHOLDER}.</li>
 * </ul>
 * <b>Extending</b> (the tools issue): tool calls and tool results are further records implementing
 * {@link Part} (added to its {@code permits} list), with a further {@link Role} for the message that
 * carries results where a wire format wants one. Each encoder then gains a case for them; JSON in
 * history gains a {@code "type"} per part in {@link MessageJson}. Callers that only care about text
 * keep using {@link #text()} and the factories.
 *
 * <p>A message with text parts only stays in history in the old {@code {"role","content"}} shape, so
 * old entries and old replicas read new ones; other messages carry {@code "parts"}.
 */
public record ChatMessage(Role role, List<Part> parts) {

    /** TOOL carries the results of the tool calls just before it; only {@link #toolRounds} makes such messages. */
    public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

    /** One piece of a message's content. New kinds are added to {@code permits}; see the class comment. */
    public sealed interface Part permits Text, Image, ToolUse, ToolResult {
    }

    /**
     * A tool call the model made, in an assistant message.
     *
     * @param arguments JSON text as the model wrote it
     * @param signature what the provider wants back with the call (Gemini's thought signature), or null
     */
    public record ToolUse(String id, String name, String arguments, String signature) implements Part {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /**
     * What a tool call gave back, after the calls in the same assistant message. History keeps it
     * cut to a budget.
     *
     * @param callId the {@link ToolUse#id} it answers
     * @param error  whether {@code content} says what went wrong
     */
    public record ToolResult(String callId, String name, String content, boolean error) implements Part {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    /** Plain text. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A picture, by reference; with its bytes when loaded for a prompt.
     *
     * @param id        its key within the chat's images (see {@link ImageStore})
     * @param mediaType e.g. "image/jpeg"
     * @param width     pixels, as stored (already scaled down)
     * @param height    pixels
     * @param data      the encoded bytes when loaded, else null: the model then sees {@value #PLACEHOLDER}
     */
    public record Image(String id, String mediaType, int width, int height, byte[] data) implements Part {

        /** What the model sees instead of an image it does not get to see (too old, expired or not loaded). */
        public static final String PLACEHOLDER = "[image]";

        public Image {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(mediaType, "mediaType");
        }

        /** The reference history keeps. */
        public static Image ref(String id, String mediaType, int width, int height) {
            return new Image(id, mediaType, width, height, null);
        }

        public boolean isLoaded() {
            return data != null;
        }

        public Image withData(byte[] bytes) {
            return new Image(id, mediaType, width, height, bytes);
        }

        /** The bytes in base64, as every provider takes them inline; null when not loaded. */
        public String base64() {
            return data == null ? null : java.util.Base64.getEncoder().encodeToString(data);
        }

        public Image withoutData() {
            return data == null ? this : new Image(id, mediaType, width, height, null);
        }

        // a record compares arrays by identity; images are equal when reference and bytes are
        @Override
        public boolean equals(Object o) {
            return o instanceof Image i && id.equals(i.id) && mediaType.equals(i.mediaType) && width == i.width
                    && height == i.height && Arrays.equals(data, i.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, mediaType, width, height, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Image[" + id + ", " + mediaType + ", " + width + "x" + height
                    + (data == null ? "" : ", " + data.length + " bytes") + "]";
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        parts = List.copyOf(parts);
    }

    /** A message of one text part, the shape of every message before images. */
    public ChatMessage(Role role, String text) {
        this(role, List.of(new Text(text)));
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, text);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text);
    }

    /** A user message with pictures after its text (the text may be empty: a photo without caption). */
    public static ChatMessage user(String text, List<Image> images) {
        List<Part> parts = new ArrayList<>(images.size() + 1);
        if (!text.isEmpty() || images.isEmpty()) {
            parts.add(new Text(text));
        }
        parts.addAll(images);
        return new ChatMessage(Role.USER, parts);
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, text);
    }

    /**
     * The message as plain text: its text parts, and {@value Image#PLACEHOLDER} for each image, joined by
     * blank lines. What a text-only encoder, the token counter and the user see of it.
     */
    public String text() {
        if (parts.size() == 1 && parts.getFirst() instanceof Text t) {
            return t.text();
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            String piece = switch (part) {
                case Text t -> t.text();
                case Image i -> Image.PLACEHOLDER;
                case ToolUse u -> "";
                case ToolResult r -> "";
            };
            if (piece.isEmpty()) {
                continue;
            }
            out.append(out.isEmpty() ? "" : "\n\n").append(piece);
        }
        return out.toString();
    }

    /** Whether it has nothing to say: no images and only blank text. */
    public boolean isBlank() {
        for (Part part : parts) {
            boolean blank = switch (part) {
                case Text t -> t.text().isBlank();
                case Image i -> false;
                case ToolUse u -> false;
                case ToolResult r -> false;
            };
            if (!blank) {
                return false;
            }
        }
        return true;
    }

    public List<Image> images() {
        List<Image> out = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Image i) {
                out.add(i);
            }
        }
        return out;
    }

    /** Whether some image of it carries its bytes, so that an encoder must send parts rather than one text. */
    public boolean hasLoadedImages() {
        for (Part part : parts) {
            if (part instanceof Image i && i.isLoaded()) {
                return true;
            }
        }
        return false;
    }

    /** The same message with each part replaced as {@code change} says. */
    public ChatMessage mapParts(java.util.function.UnaryOperator<Part> change) {
        List<Part> out = new ArrayList<>(parts.size());
        for (Part part : parts) {
            out.add(change.apply(part));
        }
        return new ChatMessage(role, out);
    }

    /** Two messages of one role as one, text meeting text after a blank line (APIs that want turns to alternate). */
    public ChatMessage joinedWith(ChatMessage next) {
        List<Part> out = new ArrayList<>(parts);
        List<Part> rest = new ArrayList<>(next.parts);
        if (!out.isEmpty() && out.getLast() instanceof Text last && !rest.isEmpty() && rest.getFirst() instanceof Text first) {
            out.set(out.size() - 1, new Text(last.text() + "\n\n" + first.text()));
            rest.removeFirst();
        }
        out.addAll(rest);
        return new ChatMessage(role, out);
    }

    /** Whether it holds tool calls (an assistant message of a turn that used tools). */
    public boolean hasToolUse() {
        for (Part part : parts) {
            if (part instanceof ToolUse) {
                return true;
            }
        }
        return false;
    }

    /**
     * The messages as the wire formats want them: an assistant message that holds tool steps
     * ({@code [text] calls results [calls results...] [text]}, as history keeps one turn compactly) becomes
     * assistant messages with the calls, each followed by a {@link Role#TOOL} message with their results.
     */
    public static List<ChatMessage> toolRounds(List<ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (m.role != Role.ASSISTANT || !m.hasToolUse()) {
                out.add(m);
                continue;
            }
            List<Part> said = new ArrayList<>();
            List<Part> results = new ArrayList<>();
            for (Part part : m.parts) {
                if (part instanceof ToolResult) {
                    results.add(part);
                    continue;
                }
                if (!results.isEmpty()) {
                    out.add(new ChatMessage(Role.ASSISTANT, said));
                    out.add(new ChatMessage(Role.TOOL, results));
                    said = new ArrayList<>();
                    results = new ArrayList<>();
                }
                said.add(part);
            }
            if (!said.isEmpty()) {
                out.add(new ChatMessage(Role.ASSISTANT, said));
            }
            if (!results.isEmpty()) {
                out.add(new ChatMessage(Role.TOOL, results));
            }
        }
        return out;
    }
}
