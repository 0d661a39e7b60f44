package dev.chatbot.discord;

import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * /model's autocomplete: the catalog's models this user may choose (the same rule as /model
 * itself), those whose id contains what was typed first, then near misses, at most
 * {@link #MAX_CHOICES} as Discord allows.
 */
final class ModelChoices {

    static final int MAX_CHOICES = 25;
    /** Discord's limit on a choice's name and value. */
    private static final int MAX_CHOICE_LENGTH = 100;

    /** One autocomplete choice: what the user sees and what the command receives. */
    record Option(String name, String value) {
    }

    private final ModelCatalog catalog;

    ModelChoices(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    List<Option> matching(String typed, String senderRef, boolean admin) {
        List<ModelInfo> allowed = catalog.choicesFor(senderRef, admin);
        String query = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        List<String> ids = new ArrayList<>();
        for (ModelInfo m : allowed) {
            if (m.id().toLowerCase(Locale.ROOT).contains(query)) {
                ids.add(m.id());
            }
        }
        if (ids.isEmpty()) {
            ids.addAll(ModelCatalog.suggest(query, allowed, MAX_CHOICES));
        }
        return ids.stream().limit(MAX_CHOICES).map(ModelChoices::option).toList();
    }

    /** False only for a known model this user may not choose; unknown ids are /model's to explain. */
    boolean mayChoose(String id, String senderRef, boolean admin) {
        return catalog.find(id).map(m -> m.isAllowedFor(senderRef, admin)).orElse(true);
    }

    private static Option option(String id) {
        String name = id.length() > MAX_CHOICE_LENGTH ? id.substring(0, MAX_CHOICE_LENGTH - 1) + "…" : id;
        String value = id.length() > MAX_CHOICE_LENGTH ? ModelCatalog.ref(id) : id;
        return new Option(name, value);
    }
}
