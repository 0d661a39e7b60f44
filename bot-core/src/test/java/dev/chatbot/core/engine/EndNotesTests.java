package dev.chatbot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.LlmException;
import org.junit.jupiter.api.Test;

/** The engine's end notes: what the user sees and what history keeps when an answer ends badly. */
class EndNotesTests {

    final EndNotes notes = new EndNotes(new Texts());

    @Test
    void a_failure_keeps_what_came_and_says_why_the_rest_did_not() {
        String reason = notes.reason(new LlmException.Interrupted("openai", "reset", null), "gpt-4o", "en");
        assertThat(notes.failed("Half of an answer", reason))
                .isEqualTo("Half of an answer\n\n\u26a0\ufe0f The answer from openai was interrupted.");
        assertThat(notes.failed("", reason)).as("nothing came: the reason alone").isEqualTo(reason);
        assertThat(notes.interruptedInHistory("Half of an answer")).isEqualTo("Half of an answer\n\n[answer interrupted]");
        assertThat(notes.interruptedInHistory(" ")).isEmpty();
    }

    @Test
    void a_stopped_answer_ends_with_the_mark_in_the_users_language() {
        assertThat(notes.stopped("Some words", "en")).isEqualTo("Some words\n\n\u23f9 Stopped.");
        assertThat(notes.stopped("", "en")).isEqualTo("\u23f9 Stopped.");
        assertThat(notes.stopped("", "zh")).isNotEqualTo("\u23f9 Stopped.").startsWith("\u23f9");
        assertThat(notes.stoppedInHistory("Some words")).isEqualTo("Some words\n\n[answer stopped by the user]");
    }
}
