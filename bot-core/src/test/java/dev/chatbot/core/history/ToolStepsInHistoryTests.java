package dev.chatbot.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A turn's tool steps live in its assistant message: stored with their types, sent as the wire formats want them. */
class ToolStepsInHistoryTests {

    static final ChatMessage TURN = new ChatMessage(ChatMessage.Role.ASSISTANT, List.of(
            new ChatMessage.Text("Checking."),
            new ChatMessage.ToolUse("c1", "lookup", "{\"q\":\"a\"}", null),
            new ChatMessage.ToolUse("c2", "lookup", "{\"q\":\"b\"}", "sig"),
            new ChatMessage.ToolResult("c1", "lookup", "A", false),
            new ChatMessage.ToolResult("c2", "lookup", "no such page", true),
            new ChatMessage.ToolUse("c3", "fetch_url", "{}", null),
            new ChatMessage.ToolResult("c3", "fetch_url", "page", false),
            new ChatMessage.Text("Both are done.")));

    @Test
    void steps_survive_history_json() {
        MessageJson json = new MessageJson(JsonMapper.builder().build());
        assertThat(json.decode(json.encode(TURN))).isEqualTo(TURN);
        assertThat(TURN.text()).isEqualTo("Checking.\n\nBoth are done.");
    }

    @Test
    void steps_become_calls_then_results_round_by_round() {
        List<ChatMessage> rounds = ChatMessage.toolRounds(List.of(ChatMessage.user("q"), TURN));
        assertThat(rounds).extracting(ChatMessage::role).containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT,
                ChatMessage.Role.TOOL, ChatMessage.Role.ASSISTANT, ChatMessage.Role.TOOL, ChatMessage.Role.ASSISTANT);
        assertThat(rounds.get(1).parts()).hasSize(3);
        assertThat(rounds.get(2).parts()).hasSize(2);
        assertThat(rounds.get(5).text()).isEqualTo("Both are done.");
    }
}
