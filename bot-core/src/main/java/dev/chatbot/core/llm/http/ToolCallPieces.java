package dev.chatbot.core.llm.http;

import dev.chatbot.core.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tool calls of one stream, put together from the pieces they arrive in: a call's id and name
 * first, its arguments in fragments, several calls told apart by an index (OpenAI's tool_calls
 * index, Anthropic's content block index, Gemini's part order). One instance per stream.
 */
public final class ToolCallPieces {

    private final Map<Integer, Piece> calls = new TreeMap<>();

    private static final class Piece {
        String id;
        String name;
        String signature;
        final StringBuilder arguments = new StringBuilder();
    }

    /** Adds what one event says of the call at {@code index}; null fields say nothing new. */
    public void add(int index, String id, String name, String arguments) {
        Piece p = calls.computeIfAbsent(index, i -> new Piece());
        if (id != null && !id.isEmpty()) {
            p.id = id;
        }
        if (name != null && !name.isEmpty()) {
            p.name = name;
        }
        if (arguments != null) {
            p.arguments.append(arguments);
        }
    }

    /** Gemini's thought signature, to be sent back with the call. */
    public void sign(int index, String signature) {
        calls.computeIfAbsent(index, i -> new Piece()).signature = signature;
    }

    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The calls in index order; one without an id (Gemini's) gets "call_<n>". */
    public List<ToolCall> calls() {
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (Map.Entry<Integer, Piece> e : calls.entrySet()) {
            Piece p = e.getValue();
            out.add(new ToolCall(p.id != null ? p.id : "call_" + e.getKey(), p.name, p.arguments.toString(), p.signature));
        }
        return out;
    }
}
