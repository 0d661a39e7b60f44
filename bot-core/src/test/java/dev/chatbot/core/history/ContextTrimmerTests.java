package dev.chatbot.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextTrimmerTests {

    final TokenCounter counter = new TokenCounter();
    final ContextTrimmer trimmer = new ContextTrimmer(counter);
    final ChatMessage system = ChatMessage.system("You are terse.");

    List<ChatMessage> exchanges(int n) {
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            history.add(ChatMessage.user("question number " + i + " about something interesting"));
            history.add(ChatMessage.assistant("answer number " + i + " with a few words of content"));
        }
        return history;
    }

    @Test
    void everything_stays_when_it_fits() {
        List<ChatMessage> history = exchanges(3);
        ChatMessage user = ChatMessage.user("and now?");
        List<ChatMessage> out = trimmer.trim(system, history, user, 10_000);
        assertThat(out).hasSize(8);
        assertThat(out.getFirst()).isEqualTo(system);
        assertThat(out.getLast()).isEqualTo(user);
    }

    @Test
    void the_oldest_history_goes_first_and_the_result_fits_the_budget() {
        List<ChatMessage> history = exchanges(20);
        ChatMessage user = ChatMessage.user("and now?");
        int budget = counter.count(system) + counter.count(user) + counter.count(history.subList(34, 40)) + 3;

        List<ChatMessage> out = trimmer.trim(system, history, user, budget);

        assertThat(counter.count(out)).isLessThanOrEqualTo(budget);
        assertThat(out.getFirst()).isEqualTo(system);
        assertThat(out.getLast()).isEqualTo(user);
        assertThat(out.subList(1, out.size() - 1)).isEqualTo(history.subList(34, 40));
    }

    @Test
    void an_answer_whose_question_was_dropped_is_dropped_too() {
        List<ChatMessage> history = exchanges(5);
        ChatMessage user = ChatMessage.user("x");
        // room for the last answer plus the last exchange, but not the question before that answer
        int budget = counter.count(system) + counter.count(user) + counter.count(history.subList(7, 10));
        List<ChatMessage> out = trimmer.trim(system, history, user, budget);
        assertThat(out.get(1).role()).isEqualTo(ChatMessage.Role.USER);
        assertThat(out.subList(1, out.size() - 1)).isEqualTo(history.subList(8, 10));
    }

    @Test
    void system_prompt_and_newest_message_are_never_dropped_even_with_no_room_for_history() {
        ChatMessage user = ChatMessage.user("hello");
        int budget = counter.count(system) + counter.count(user);
        assertThat(trimmer.trim(system, exchanges(10), user, budget)).containsExactly(system, user);
    }

    @Test
    void a_message_too_long_on_its_own_is_refused_with_its_size() {
        ChatMessage user = ChatMessage.user("word ".repeat(2_000));
        assertThatThrownBy(() -> trimmer.trim(system, List.of(), user, 500))
                .isInstanceOfSatisfying(MessageTooLongException.class, e -> {
                    assertThat(e.budget()).isEqualTo(500);
                    assertThat(e.tokens()).isGreaterThan(2_000);
                });
    }

    @Test
    void counts_chinese_and_emoji() {
        assertThat(counter.count("你好，世界！🙂")).isBetween(3, 12);
        assertThat(counter.count("")).isZero();
    }
}
