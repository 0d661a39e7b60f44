package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every reply shape must honour, whatever the platform: one subclass per shape (and per
 * way a shape can go). The engine relies on these and on nothing else.
 */
abstract class ReplyContract {

    protected final VirtualClock clock = new VirtualClock();

    /** One reply of the shape under test, and what its user saw. */
    protected interface Seen {

        Reply reply();

        /** Looks at the reply the way the platform does, where the platform is the one to look. */
        default void look() {
        }

        /** Each whole text the user saw, in order: growing ones and the final one. */
        List<String> shown();

        /** The texts the user received as the answer's end, once the reply is over. */
        List<String> finals();

        /** The buttons shown under the final text, where the shape has buttons. */
        default List<Choice> buttons() {
            return List.of();
        }
    }

    protected abstract Seen open();

    private void grow(Seen seen, String... texts) {
        for (String text : texts) {
            seen.reply().update(text);
            seen.look();
            clock.advance(Duration.ofMillis(700));
            seen.look();
        }
    }

    private void finish(Seen seen, String text) {
        clock.runAdvancing(() -> seen.reply().finish(text));
        seen.look();
    }

    @Test
    void the_final_text_is_delivered_whole_exactly_once() {
        Seen seen = open();
        grow(seen, "Hello", "Hello wor", "Hello world");
        finish(seen, "Hello world.");
        assertThat(seen.finals()).containsExactly("Hello world.");
        assertThat(seen.shown()).last().isEqualTo("Hello world.");
    }

    @Test
    void growing_text_never_shows_a_regression() {
        Seen seen = open();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            text.append("word").append(i).append(' ');
            grow(seen, text.toString());
        }
        finish(seen, text.toString().strip() + ".");
        List<String> shown = seen.shown();
        assertThat(shown).isNotEmpty();
        for (int i = 1; i < shown.size(); i++) {
            assertThat(shown.get(i)).as("shown after %s", shown.get(i - 1)).startsWith(shown.get(i - 1).strip());
        }
    }

    @Test
    void notes_written_by_the_engine_arrive_verbatim() {
        Seen seen = open();
        grow(seen, "Half of an answer");
        String failed = "Half of an answer\n\n\u26a0\ufe0f The answer from openai was interrupted.";
        finish(seen, failed);
        assertThat(seen.finals()).containsExactly(failed);

        Seen stopped = open();
        finish(stopped, "\u23f9 Stopped.");
        assertThat(stopped.finals()).containsExactly("\u23f9 Stopped.");
    }

    @Test
    void an_abandoned_reply_shows_no_final_text() {
        Seen seen = open();
        grow(seen, "Partial");
        seen.reply().abandon();
        seen.look();
        finish(seen, "Never shown");
        assertThat(seen.finals()).noneMatch(t -> t.contains("Never shown"));
        assertThat(seen.shown()).noneMatch(t -> t.contains("Never shown"));
    }

    @Test
    void whitespace_alone_is_never_shown() {
        Seen seen = open();
        grow(seen, "\n", "\n ");
        finish(seen, "\n Answer");
        assertThat(seen.shown()).noneMatch(String::isBlank);
        assertThat(seen.finals()).containsExactly("\n Answer");
    }

    @Test
    void text_after_the_finish_changes_nothing() {
        Seen seen = open();
        finish(seen, "Done.");
        grow(seen, "Done. And more");
        assertThat(seen.finals()).containsExactly("Done.");
        assertThat(seen.shown()).noneMatch(t -> t.contains("And more"));
    }

    @Test
    void choices_arrive_with_the_final_text_as_buttons_or_listed() {
        Seen seen = open();
        List<Choice> choices = List.of(new Choice("GPT-4o", "/model gpt-4o"), new Choice("Claude", "/model claude"));
        clock.runAdvancing(() -> seen.reply().finish("Pick a model:", choices));
        seen.look();
        assertThat(seen.finals()).hasSize(1);
        String last = seen.finals().getFirst();
        assertThat(last).startsWith("Pick a model:");
        for (Choice c : choices) {
            assertThat(seen.buttons().contains(c) || last.contains(c.command())).as("offers " + c.command()).isTrue();
        }
    }
}
