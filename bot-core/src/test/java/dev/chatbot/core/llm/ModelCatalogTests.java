package dev.chatbot.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCatalogTests {

    static ModelInfo model(String id, String provider, ModelInfo.Access access, Set<String> users) {
        return new ModelInfo(id, provider, id, 128_000, 4096, 1, 2, false, access, users);
    }

    final ModelInfo mini = model("gpt-4o-mini", "openai", ModelInfo.Access.EVERYONE, Set.of());
    final ModelInfo gpt4o = model("gpt-4o", "openai", ModelInfo.Access.LISTED, Set.of("telegram:111"));
    final ModelInfo opus = model("claude-opus-4-1", "anthropic", ModelInfo.Access.ADMINS, Set.of());
    final ModelInfo llama = model("openrouter/meta-llama/llama-3.1-70b-instruct", "openrouter",
            ModelInfo.Access.EVERYONE, Set.of());
    final ModelCatalog catalog = new ModelCatalog(List.of(mini, gpt4o, opus, llama), "gpt-4o-mini", "openai");

    @Test
    void choices_follow_access_and_admins_may_choose_everything() {
        assertThat(catalog.choicesFor("telegram:222", false)).containsExactly(mini, llama);
        assertThat(catalog.choicesFor("telegram:111", false)).containsExactly(mini, gpt4o, llama);
        assertThat(catalog.choicesFor("telegram:999", true)).containsExactly(mini, gpt4o, opus, llama);
    }

    @Test
    void ids_are_found_whatever_their_case_and_long_ones_by_a_short_ref() {
        assertThat(catalog.find("GPT-4o")).contains(gpt4o);
        String ref = ModelCatalog.ref(llama.id());
        assertThat(ref).startsWith("~");
        assertThat(("/model " + ref).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
        assertThat(catalog.find(ref)).contains(llama);
        assertThat(ModelCatalog.ref("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(catalog.find("~nothing")).isEmpty();
    }

    @Test
    void unknown_ids_get_the_closest_suggestions() {
        assertThat(ModelCatalog.suggest("gpt4o", catalog.all(), 3).getFirst()).isEqualTo("gpt-4o");
        assertThat(ModelCatalog.suggest("gtp-4o-mini", catalog.all(), 3).getFirst()).isEqualTo("gpt-4o-mini");
        assertThat(ModelCatalog.suggest("llama-3.1-70b", catalog.all(), 3)).containsExactly(llama.id());
        assertThat(ModelCatalog.suggest("claude-opus", catalog.all(), 3)).containsExactly("claude-opus-4-1");
        assertThat(ModelCatalog.suggest("mistral-large", catalog.all(), 3)).isEmpty();
    }

    @Test
    void a_chat_whose_model_is_gone_falls_back_to_the_default() {
        assertThat(catalog.resolve("removed-model")).isEqualTo(mini);
        assertThat(catalog.resolve(null)).isEqualTo(mini);
        assertThat(catalog.resolve("gpt-4o")).isEqualTo(gpt4o);
    }
}
