package dev.chatbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.reply.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small pure parts: shard ranges, button ids, the inbox payload, /model's autocomplete. */
class DiscordPartsTests {

    @Test
    void shard_ranges_read_as_first_last_and_total() {
        assertThat(ShardRange.parse("0-1/4")).isEqualTo(new ShardRange(0, 1, 4));
        assertThat(ShardRange.parse("2/4")).isEqualTo(new ShardRange(2, 2, 4));
        assertThat(ShardRange.parse(" ")).isEqualTo(ShardRange.SINGLE);
        assertThat(ShardRange.parse("2-3/4").hasFirstShard()).isFalse();
        assertThatThrownBy(() -> ShardRange.parse("3-5/4")).hasMessageContaining("0 to total-1");
        assertThatThrownBy(() -> ShardRange.parse("all")).hasMessageContaining("0-1/4");
    }

    @Test
    void an_answers_buttons_belong_to_its_asker_and_a_choice_to_anyone() {
        var rows = AnswerButtons.rows(List.of(new Choice("⏹ Stop", "/stop")), "42");
        assertThat(rows).hasSize(1);
        assertThat(AnswerButtons.read("42:/stop")).hasValue(new AnswerButtons.Press("/stop", "42"));
        assertThat(AnswerButtons.read("42:/stop").orElseThrow().mayBePressedBy("43", false)).isFalse();
        assertThat(AnswerButtons.read("42:/stop").orElseThrow().mayBePressedBy("43", true)).isTrue();
        assertThat(AnswerButtons.read("/model gpt-4o").orElseThrow().mayBePressedBy("43", false)).isTrue();
        assertThat(AnswerButtons.read("not ours")).isEmpty();
    }

    @Test
    void at_most_25_buttons_five_to_a_row() {
        List<Choice> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(new Choice("m" + i, "/model m" + i));
        }
        var rows = AnswerButtons.rows(many, null);
        assertThat(rows).hasSize(5);
        assertThat(rows).allSatisfy(r -> assertThat(r.getComponents()).hasSize(5));
    }

    @Test
    void the_inbox_payload_reads_back_what_was_written() {
        InboundMessage message = new InboundMessage(new ChatKey("discord", "10", "20"), "500",
                new Sender("42", "alice", "Alice", "zh-CN"), "hi", InboundMessage.Kind.TEXT, false, true, "400",
                new Sender("43", "bob", "Bob", null));
        DiscordInboxPayload payload = new DiscordInboxPayload("500", message, "20", "500");
        assertThat(DiscordInboxPayload.fromJson(payload.toJson(), DiscordMedia.NONE)).isEqualTo(payload);
    }

    @Test
    void autocomplete_offers_allowed_models_matching_what_was_typed() {
        ModelCatalog catalog = new ModelCatalog(List.of(
                new ModelInfo("relay/big-model", "relay", "big-model", 32_000, 0, 0, 0, false, ModelInfo.Access.ADMINS, Set.of()),
                new ModelInfo("relay/small-model", "relay", "small-model", 32_000, 0),
                new ModelInfo("gpt-4o", "openai", "gpt-4o", 128_000, 0)), "gpt-4o", "openai");
        ModelChoices choices = new ModelChoices(catalog);
        assertThat(choices.matching("MODEL", "discord:42", false)).extracting(ModelChoices.Option::value)
                .containsExactly("relay/small-model");
        assertThat(choices.matching("model", "discord:1", true)).extracting(ModelChoices.Option::value)
                .containsExactly("relay/big-model", "relay/small-model");
        assertThat(choices.matching("", "discord:42", false)).hasSize(2);
        assertThat(choices.matching("gtp4o", "discord:42", false)).extracting(ModelChoices.Option::value)
                .as("a typo still finds it").containsExactly("gpt-4o");
        assertThat(choices.mayChoose("relay/big-model", "discord:42", false)).isFalse();
        assertThat(choices.mayChoose("no-such-model", "discord:42", false)).isTrue();
    }
}
