package dev.chatbot.core.llm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured providers by name. */
public final class ProviderRegistry {

    private final Map<String, LlmProvider> providers = new LinkedHashMap<>();

    public ProviderRegistry(List<LlmProvider> providers) {
        for (LlmProvider p : providers) {
            this.providers.put(p.name(), p);
        }
    }

    public Optional<LlmProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public Collection<LlmProvider> all() {
        return providers.values();
    }

    public boolean isEmpty() {
        return providers.isEmpty();
    }
}
