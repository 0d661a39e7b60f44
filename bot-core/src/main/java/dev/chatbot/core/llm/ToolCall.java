package dev.chatbot.core.llm;

import java.util.Objects;

/**
 * A call the model asked for, its arguments assembled from the pieces they streamed in.
 *
 * @param id        the provider's id of the call, which its result must name; Gemini sends none, so one is made up
 * @param name      the tool's name as the model wrote it (it may name no tool at all)
 * @param arguments the arguments as the model wrote them: JSON text, or not, when the model erred
 * @param signature what the provider wants back with the call in the next request (Gemini's thought
 *                  signature); null when none
 */
public record ToolCall(String id, String name, String arguments, String signature) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }

    public ToolCall(String id, String name, String arguments) {
        this(id, name, arguments, null);
    }
}
