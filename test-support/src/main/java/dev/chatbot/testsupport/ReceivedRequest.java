package dev.chatbot.testsupport;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A request one of the fake providers received, with its conversation normalised to
 * "role: content" lines (system first; Gemini's "model" shown as "assistant"), so tests can check
 * what the model was sent whatever the wire format. A message's text parts are joined by blank lines;
 * its pictures are in {@link #images()}.
 *
 * @param path  path and query as sent
 * @param model the model as the request named it (in the body or, for Gemini and Azure, the path)
 */
public record ReceivedRequest(String path, Map<String, List<String>> headers, JsonNode body, String model,
                              List<String> messages, List<Image> images) {

    /**
     * A picture sent inline, decoded from the provider's own shape.
     *
     * @param message index into {@link #messages()} of the message that carried it
     */
    public record Image(int message, String mediaType, byte[] bytes) {
    }

    public ReceivedRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A request without pictures. */
    public ReceivedRequest(String path, Map<String, List<String>> headers, JsonNode body, String model, List<String> messages) {
        this(path, headers, body, model, messages, List.of());
    }

    public String header(String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    /** The system prompt as sent, or null. */
    public String system() {
        return messages.isEmpty() || !messages.getFirst().startsWith("system: ")
                ? null : messages.getFirst().substring("system: ".length());
    }

    public String lastUserMessage() {
        String last = null;
        for (String m : messages) {
            if (m.startsWith("user: ")) {
                last = m.substring("user: ".length());
            }
        }
        return last;
    }
}
