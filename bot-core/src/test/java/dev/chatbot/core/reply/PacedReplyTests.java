package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacedReplyTests {

    /** Records calls like a platform would see them; can answer 429 a number of times. */
    static final class RecordingSurface implements MessageSurface {
        final List<String> calls = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final AtomicInteger floods = new AtomicInteger();
        final int max;

        RecordingSurface(int max) {
            this.max = max;
        }

        @Override
        public int maxLength() {
            return max;
        }

        @Override
        public synchronized String send(String text) {
            flood();
            assertThat(text.length()).isLessThanOrEqualTo(max);
            calls.add("send " + text);
            times.add(System.nanoTime());
            texts.add(text);
            return Integer.toString(texts.size() - 1);
        }

        @Override
        public synchronized void edit(String messageId, String text) {
            flood();
            int i = Integer.parseInt(messageId);
            assertThat(texts.get(i)).as("an edit that changes nothing").isNotEqualTo(text);
            calls.add("edit " + messageId + " " + text);
            times.add(System.nanoTime());
            texts.set(i, text);
        }

        private void flood() {
            if (floods.getAndDecrement() > 0) {
                throw new ReplyRateLimitedException(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void many_quick_updates_are_coalesced_and_the_final_text_is_exact() throws InterruptedException {
        RecordingSurface surface = new RecordingSurface(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ofMillis(100)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append("token").append(i).append(' ');
            reply.update(text.toString());
            Thread.sleep(5);
        }
        reply.finish(text.toString().strip());

        assertThat(surface.texts).containsExactly(text.toString().strip());
        assertThat(surface.calls.size()).isBetween(2, 6);
        for (int i = 1; i < surface.times.size(); i++) {
            assertThat(surface.times.get(i) - surface.times.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(95).toNanos());
        }
    }

    @Test
    void a_429_pauses_and_the_next_edit_carries_everything_that_arrived() {
        RecordingSurface surface = new RecordingSurface(4096);
        surface.floods.set(1);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ofMillis(10)));
        long start = System.nanoTime();
        reply.update("Hello");
        reply.update("Hello world");
        reply.finish("Hello world, all of it.");

        assertThat(surface.texts).containsExactly("Hello world, all of it.");
        assertThat(surface.times.getFirst() - start).isGreaterThanOrEqualTo(Duration.ofMillis(290).toNanos());
    }

    @Test
    void long_answers_continue_in_new_messages() {
        RecordingSurface surface = new RecordingSurface(100);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ZERO));
        String text = ("word ".repeat(15) + "\n").repeat(5);
        reply.finish(text);
        assertThat(surface.texts.size()).isGreaterThan(1);
        assertThat(String.join(" ", surface.texts).replaceAll("\\s+", " ").strip())
                .isEqualTo(text.replaceAll("\\s+", " ").strip());
        assertThat(reply.messageIds()).hasSize(surface.texts.size());
    }

    @Test
    void fail_keeps_what_was_shown_and_adds_the_reason() {
        RecordingSurface surface = new RecordingSurface(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ZERO));
        reply.update("Partial answer");
        reply.fail("The answer was interrupted.");
        assertThat(surface.texts).containsExactly("Partial answer\n\n⚠️ The answer was interrupted.");
    }
}
