package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacedReplyTests {

    /** Records calls like a platform would see them; can answer 429 a number of times. */
    static final class RecordingSurface implements MessageSurface {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<Long> times = new CopyOnWriteArrayList<>();
        final List<String> previews = new CopyOnWriteArrayList<>();
        final AtomicInteger floods = new AtomicInteger();
        final int max;
        volatile boolean previewable;
        volatile boolean refusePreviews;
        volatile boolean refused;
        volatile boolean closed;

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

        @Override
        public synchronized boolean canPreview() {
            return previewable && !refused;
        }

        @Override
        public synchronized void preview(String text) {
            flood();
            if (refusePreviews) {
                refused = true;
                calls.add("refused " + text);
                throw new PreviewRefusedException("400 Bad Request: drafts are not allowed here");
            }
            assertThat(text.length()).isLessThanOrEqualTo(max);
            calls.add("preview " + text);
            times.add(System.nanoTime());
            previews.add(text);
        }

        private void flood() {
            if (closed) {
                throw new SurfaceClosedException();
            }
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
    void growing_text_is_copied_only_when_the_pump_shows_it_not_per_token() throws InterruptedException {
        RecordingSurface surface = new RecordingSurface(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ofMillis(100)));
        StringBuilder text = new StringBuilder();
        java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<String> snapshot = () -> {
            copies.incrementAndGet();
            synchronized (text) {
                return text.toString();
            }
        };
        for (int i = 0; i < 200; i++) {
            synchronized (text) {
                text.append("t").append(i).append(' ');
            }
            reply.grow(snapshot);
            Thread.sleep(2);
        }
        String all;
        synchronized (text) {
            all = text.toString();
        }
        reply.finish(all);

        assertThat(surface.texts).containsExactly(all);
        assertThat(copies.get()).as("copies of the text for 200 tokens").isBetween(1, 40);
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

    static RecordingSurface previewing(int max) {
        RecordingSurface surface = new RecordingSurface(max);
        surface.previewable = true;
        return surface;
    }

    @Test
    void with_previews_the_answer_grows_as_previews_and_ends_in_one_message() throws InterruptedException {
        RecordingSurface surface = previewing(4096);
        ChatPace messages = new ChatPace(Duration.ofMillis(500));
        PacedReply reply = new PacedReply(surface, messages, new ChatPace(Duration.ofMillis(40)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            text.append("token").append(i).append(' ');
            reply.update(text.toString());
            Thread.sleep(15);
        }
        reply.finish(text.toString().strip());

        assertThat(surface.previews.size()).as("previews while streaming").isGreaterThanOrEqualTo(2);
        assertThat(surface.texts).containsExactly(text.toString().strip());
        assertThat(surface.calls.getLast()).isEqualTo("send " + text.toString().strip());
        assertThat(surface.calls).noneMatch(c -> c.startsWith("edit"));
        for (int i = 1; i < surface.previews.size(); i++) {
            assertThat(surface.previews.get(i)).startsWith(surface.previews.get(i - 1).strip());
        }
    }

    @Test
    void the_final_message_does_not_wait_for_the_next_preview_slot() {
        RecordingSurface surface = previewing(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ZERO), new ChatPace(Duration.ofSeconds(5)));
        reply.update("first words");
        waitUntil(() -> !surface.previews.isEmpty());
        reply.update("first words and");
        sleepQuietly(200); // the pump now waits for the next preview slot
        long start = System.nanoTime();
        reply.finish("first words and the rest");

        assertThat(surface.texts).containsExactly("first words and the rest");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not held for the 5 s preview pace")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void with_previews_a_long_answer_sends_each_part_once_it_is_full() throws InterruptedException {
        RecordingSurface surface = previewing(100);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ZERO), new ChatPace(Duration.ofMillis(5)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("word").append(i).append(i % 8 == 7 ? "\n" : " ");
            reply.update(text.toString());
            Thread.sleep(3);
        }
        reply.finish(text.toString());

        assertThat(surface.texts.size()).isGreaterThan(2);
        assertThat(surface.previews).isNotEmpty();
        assertThat(surface.calls).as("full parts are sent once and never edited").noneMatch(c -> c.startsWith("edit"));
        assertThat(String.join(" ", surface.texts).replaceAll("\\s+", " ").strip())
                .isEqualTo(text.toString().replaceAll("\\s+", " ").strip());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void when_previews_are_refused_the_reply_sends_and_edits_instead() {
        RecordingSurface surface = previewing(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ofMillis(30)), new ChatPace(Duration.ofMillis(30)));
        reply.update("Hello");
        waitUntil(() -> !surface.previews.isEmpty());
        surface.refusePreviews = true;
        reply.update("Hello there");
        waitUntil(() -> surface.calls.stream().anyMatch(c -> c.startsWith("send")));
        reply.finish("Hello there, friend.");

        assertThat(surface.texts).containsExactly("Hello there, friend.");
        assertThat(surface.calls).containsExactly("preview Hello", "refused Hello there", "send Hello there",
                "edit 0 Hello there, friend.");
    }

    @Test
    void a_429_on_a_preview_holds_back_previews_and_messages_alike() {
        RecordingSurface surface = previewing(4096);
        surface.floods.set(1);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ofMillis(10)), new ChatPace(Duration.ofMillis(10)));
        long start = System.nanoTime();
        reply.update("Hello");
        reply.update("Hello world");
        reply.finish("Hello world, all of it.");

        assertThat(surface.texts).containsExactly("Hello world, all of it.");
        assertThat(surface.times.getFirst() - start).isGreaterThanOrEqualTo(Duration.ofMillis(290).toNanos());
    }

    @Test
    void an_abandoned_reply_shows_nothing_more() {
        RecordingSurface surface = new RecordingSurface(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ofMillis(200)));
        reply.update("Partial");
        waitUntil(() -> !surface.texts.isEmpty());
        reply.update("Partial answer that keeps growing");
        reply.abandon();
        reply.finish("Final text that must never show");
        assertThat(surface.texts).containsExactly("Partial");
    }

    @Test
    void a_closed_surface_ends_the_reply_at_once() {
        RecordingSurface surface = new RecordingSurface(4096);
        surface.closed = true;
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ZERO));
        long start = System.nanoTime();
        reply.finish("Never shown");
        assertThat(surface.texts).isEmpty();
        assertThat(System.nanoTime() - start).as("no retries with back-off").isLessThan(PacedReply.FAILURE_BACKOFF.toNanos());
    }

    @Test
    void whitespace_before_the_first_word_is_not_sent_and_the_answer_follows() {
        RecordingSurface surface = new RecordingSurface(4096);
        PacedReply reply = new PacedReply(surface, new ChatPace(Duration.ZERO));
        reply.update("\n");
        reply.update("\n ");
        reply.finish("\n Answer");
        assertThat(surface.texts).containsExactly("\n Answer");
    }
}
