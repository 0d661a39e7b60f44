package dev.chatbot.core.llm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The models the bot knows, by the id users type, and the one used where a chat chose none. */
public final class ModelCatalog {

    private static final int UNKNOWN_MODEL_CONTEXT = 32_768;

    private final Map<String, ModelInfo> models = new LinkedHashMap<>();
    private final String defaultModel;
    private final String defaultProvider;

    public ModelCatalog(Collection<ModelInfo> models, String defaultModel, String defaultProvider) {
        for (ModelInfo m : models) {
            this.models.put(m.id(), m);
        }
        this.defaultModel = defaultModel;
        this.defaultProvider = defaultProvider;
    }

    public Optional<ModelInfo> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Collection<ModelInfo> all() {
        return models.values();
    }

    public String defaultModel() {
        return defaultModel;
    }

    /**
     * The model a chat uses: its own choice when still known, else the default. The default need
     * not be listed: an operator may name any model of the default provider.
     */
    public ModelInfo resolve(String chosen) {
        if (chosen != null && models.containsKey(chosen)) {
            return models.get(chosen);
        }
        return find(defaultModel).orElseGet(
                () -> new ModelInfo(defaultModel, defaultProvider, defaultModel, UNKNOWN_MODEL_CONTEXT, 0));
    }
}
