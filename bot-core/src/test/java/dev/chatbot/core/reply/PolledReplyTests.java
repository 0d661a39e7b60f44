package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolledReplyTests {

    static final String NOTE = "\u2702\ufe0f cut here";

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void each_poll_sees_the_latest_text_and_whether_it_is_finished() {
        PolledReply reply = new PolledReply(1000, NOTE);
        assertThat(reply.poll()).isEqualTo(new PolledReply.Snapshot("", false));
        reply.update("Hel");
        reply.update("Hello");
        assertThat(reply.poll()).isEqualTo(new PolledReply.Snapshot("Hello", false));
        reply.finish("Hello!");
        assertThat(reply.poll()).isEqualTo(new PolledReply.Snapshot("Hello!", true));
    }

    @Test
    void growing_text_is_read_only_when_polled() {
        PolledReply reply = new PolledReply(1000, NOTE);
        int[] copies = {0};
        for (int i = 0; i < 100; i++) {
            reply.grow(() -> {
                copies[0]++;
                return "text";
            });
        }
        reply.poll();
        assertThat(copies[0]).isEqualTo(1);
    }

    @Test
    void a_long_answer_is_cut_within_the_byte_cap_with_a_note_and_polls_never_take_text_back() {
        int cap = 200;
        PolledReply reply = new PolledReply(cap, NOTE);
        StringBuilder text = new StringBuilder();
        String previous = "";
        for (int i = 0; i < 80; i++) {
            text.append("字").append(i); // three bytes and then some: cuts fall between code points
            reply.update(text.toString());
            String shown = reply.poll().text();
            assertThat(bytes(shown)).isLessThanOrEqualTo(cap);
            assertThat(shown).startsWith(previous);
            previous = shown;
        }
        reply.finish(text.toString());
        PolledReply.Snapshot last = reply.poll();

        assertThat(last.finished()).isTrue();
        assertThat(bytes(last.text())).isLessThanOrEqualTo(cap);
        assertThat(last.text()).startsWith(previous).endsWith("\n\n" + NOTE);
        assertThat(text.toString()).startsWith(last.text().substring(0, last.text().length() - NOTE.length() - 2));
    }

    @Test
    void an_answer_that_fits_the_cap_exactly_is_not_cut() {
        String answer = "a".repeat(100);
        PolledReply reply = new PolledReply(100, NOTE);
        reply.finish(answer);
        assertThat(reply.poll().text()).isEqualTo(answer);
    }

    @Test
    void no_code_point_is_split() {
        assertThat(PolledReply.prefix("a😀b", 3)).isEqualTo("a");
        assertThat(PolledReply.prefix("a😀b", 5)).isEqualTo("a😀");
    }
}
