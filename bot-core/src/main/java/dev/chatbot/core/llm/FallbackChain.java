package dev.chatbot.core.llm;

import java.util.List;
import java.util.Map;

/** Models to try, in order, when a model's provider cannot answer at all. */
public final class FallbackChain {

    private final Map<String, List<String>> fallbacks;

    public FallbackChain(Map<String, List<String>> fallbacks) {
        this.fallbacks = Map.copyOf(fallbacks);
    }

    public static FallbackChain none() {
        return new FallbackChain(Map.of());
    }

    public List<String> after(String modelId) {
        return fallbacks.getOrDefault(modelId, List.of());
    }
}
