package dev.chatbot.core.reply;

import dev.chatbot.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The edit-in-place shape on virtual time: paces of seconds cost the tests nothing. */
class EditInPlaceReplyTests {

    /** Records calls like a platform would see them; can answer 429 a number of times. */
    static final class RecordingSurface implements MessageSurface {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<List<Choice>> buttons = new CopyOnWriteArrayList<>();
        final List<Long> times = new CopyOnWriteArrayList<>();
        final List<String> previews = new CopyOnWriteArrayList<>();
        /** Every text that became visible, in order: previews, sends and edits. */
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger floods = new AtomicInteger();
        final ReplyClock clock;
        final int max;
        volatile boolean refusePreviews;
        volatile boolean closed;
        /** Messages the user deleted: editing them fails as on the platform. */
        final java.util.Set<String> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();

        RecordingSurface(int max, ReplyClock clock) {
            this.max = max;
            this.clock = clock;
        }

        @Override
        public int maxLength() {
            return max;
        }

        @Override
        public synchronized String send(String text, List<Choice> choices) {
            flood();
            assertThat(text.length()).isLessThanOrEqualTo(max);
            calls.add("send " + text + labels(choices));
            times.add(clock.nanoTime());
            texts.add(text);
            seen.add(text);
            buttons.add(choices);
            return Integer.toString(texts.size() - 1);
        }

        @Override
        public synchronized void edit(String messageId, String text, List<Choice> choices) {
            flood();
            if (gone.contains(messageId)) {
                throw new MessageGoneException("400 Bad Request: message to edit not found");
            }
            int i = Integer.parseInt(messageId);
            assertThat(texts.get(i) + buttons.get(i)).as("an edit that changes nothing").isNotEqualTo(text + choices);
            calls.add("edit " + messageId + " " + text + labels(choices));
            times.add(clock.nanoTime());
            texts.set(i, text);
            seen.add(text);
            buttons.set(i, choices);
        }

        @Override
        public boolean canPreview() {
            return true;
        }

        @Override
        public synchronized void preview(String text) {
            flood();
            if (refusePreviews) {
                calls.add("refused " + text);
                throw new PreviewRefusedException("400 Bad Request: drafts are not allowed here");
            }
            assertThat(text.length()).isLessThanOrEqualTo(max);
            calls.add("preview " + text);
            times.add(clock.nanoTime());
            previews.add(text);
            seen.add(text);
        }

        private static String labels(List<Choice> choices) {
            return choices.isEmpty() ? "" : " " + choices.stream().map(Choice::label).toList();
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

    final VirtualClock clock = new VirtualClock();

    RecordingSurface surface(int max) {
        return new RecordingSurface(max, clock);
    }

    /** A chat without previews. */
    ChatPaces.Chat chat(Duration messages) {
        return new ChatPaces.Chat(new ChatPace(messages, clock::nanoTime), null, clock);
    }

    ChatPaces.Chat previewingChat(Duration messages, Duration previews) {
        return new ChatPaces.Chat(new ChatPace(messages, clock::nanoTime), new ChatPace(previews, clock::nanoTime), clock);
    }

    void finish(Reply reply, String text) {
        clock.runAdvancing(() -> reply.finish(text));
    }

    @Test
    void a_reply_continues_the_messages_its_journal_names_and_notes_each_new_one() {
        RecordingSurface surface = surface(64);
        String left = surface.send("Cut short by a", List.of()); // what a crashed run showed
        List<List<String>> noted = new CopyOnWriteArrayList<>();
        AnswerJournal journal = new AnswerJournal() {
            @Override
            public List<String> shownIn() {
                return List.of(left);
            }

            @Override
            public void showing(List<String> messageIds) {
                noted.add(messageIds);
            }
        };
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofMillis(100)), journal);
        finish(reply, "Cut short by a crash, then continued in the same message.\n\nA second part follows.");

        assertThat(surface.calls.get(1)).as("the crashed run's message is edited, not sent again")
                .isEqualTo("edit 0 Cut short by a crash, then continued in the same message.");
        assertThat(surface.texts).containsExactly("Cut short by a crash, then continued in the same message.",
                "A second part follows.");
        assertThat(noted).containsExactly(List.of("0", "1"));
    }

    @Test
    void a_part_whose_message_the_user_deleted_is_sent_anew() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofMillis(100)));
        reply.update("First words");
        await(() -> !surface.calls.isEmpty());
        surface.gone.add("0");
        finish(reply, "First words, and the rest.");

        assertThat(surface.calls).containsExactly("send First words", "send First words, and the rest.");
        assertThat(reply.messageIds()).containsExactly("1");
    }

    @Test
    void many_quick_updates_are_coalesced_and_the_final_text_is_exact() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofMillis(100)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append("token").append(i).append(' ');
            reply.update(text.toString());
            if (i == 0) {
                await(() -> !surface.calls.isEmpty());
            }
            clock.advance(Duration.ofMillis(5));
        }
        finish(reply, text.toString().strip());

        assertThat(surface.texts).containsExactly(text.toString().strip());
        assertThat(surface.calls.size()).isBetween(2, 6);
        for (int i = 1; i < surface.times.size(); i++) {
            assertThat(surface.times.get(i) - surface.times.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void growing_text_is_copied_only_when_the_pump_shows_it_not_per_token() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofMillis(100)));
        StringBuilder text = new StringBuilder();
        AtomicInteger copies = new AtomicInteger();
        Supplier<String> snapshot = () -> {
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
            if (i == 0) {
                await(() -> !surface.calls.isEmpty());
            }
            clock.advance(Duration.ofMillis(2));
        }
        String all;
        synchronized (text) {
            all = text.toString();
        }
        finish(reply, all);

        assertThat(surface.texts).containsExactly(all);
        assertThat(copies.get()).as("copies of the text for 200 tokens").isBetween(1, 40);
    }

    @Test
    void a_token_wakes_a_pump_that_is_idle_waiting_for_text() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ZERO));
        StringBuilder text = new StringBuilder("First");
        Supplier<String> snapshot = () -> {
            synchronized (text) {
                return text.toString();
            }
        };
        reply.grow(snapshot);
        await(() -> surface.seen.contains("First"));
        // the pump has shown everything and waits; this grow takes the lock-free path and must still wake it
        synchronized (text) {
            text.append(" and second");
        }
        reply.grow(snapshot);
        await(() -> surface.seen.contains("First and second"));
        finish(reply, "First and second.");
        assertThat(surface.texts).last().isEqualTo("First and second.");
    }

    @Test
    void a_429_pauses_and_the_next_edit_carries_everything_that_arrived() {
        RecordingSurface surface = surface(4096);
        surface.floods.set(1);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofMillis(10)));
        long start = clock.nanoTime();
        reply.update("Hello");
        reply.update("Hello world");
        finish(reply, "Hello world, all of it.");

        assertThat(surface.texts).containsExactly("Hello world, all of it.");
        assertThat(surface.times.getFirst() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void long_answers_continue_in_new_messages() {
        RecordingSurface surface = surface(100);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ZERO));
        String text = ("word ".repeat(15) + "\n").repeat(5);
        finish(reply, text);
        assertThat(surface.texts.size()).isGreaterThan(1);
        assertThat(String.join(" ", surface.texts).replaceAll("\\s+", " ").strip())
                .isEqualTo(text.replaceAll("\\s+", " ").strip());
        assertThat(reply.messageIds()).hasSize(surface.texts.size());
    }

    @Test
    void with_previews_the_answer_grows_as_previews_and_ends_in_one_message() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, previewingChat(Duration.ofMillis(500), Duration.ofMillis(40)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            text.append("token").append(i).append(' ');
            reply.update(text.toString());
            if (i == 0) {
                await(() -> !surface.previews.isEmpty());
            }
            clock.advance(Duration.ofMillis(15));
        }
        clock.advanceUntil(() -> surface.previews.size() >= 2);
        finish(reply, text.toString().strip());

        assertThat(surface.texts).containsExactly(text.toString().strip());
        assertThat(surface.calls.getLast()).isEqualTo("send " + text.toString().strip());
        assertThat(surface.calls).noneMatch(c -> c.startsWith("edit"));
        for (int i = 1; i < surface.previews.size(); i++) {
            assertThat(surface.previews.get(i)).startsWith(surface.previews.get(i - 1).strip());
            assertThat(surface.times.get(i) - surface.times.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
        }
    }

    @Test
    void the_final_message_does_not_wait_for_the_next_preview_slot() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, previewingChat(Duration.ZERO, Duration.ofSeconds(5)));
        reply.update("first words");
        await(() -> !surface.previews.isEmpty());
        reply.update("first words and");
        await(clock::hasWaiters); // the pump now waits for the next preview slot

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reply.finish("first words and the rest"));
        assertThat(surface.texts).containsExactly("first words and the rest");
        assertThat(clock.elapsed()).as("no time passed: not held for the 5 s preview pace").isZero();
    }

    @Test
    void with_previews_a_long_answer_sends_each_part_once_it_is_full() {
        RecordingSurface surface = surface(100);
        EditInPlaceReply reply = new EditInPlaceReply(surface, previewingChat(Duration.ZERO, Duration.ofMillis(5)));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("word").append(i).append(i % 8 == 7 ? "\n" : " ");
            reply.update(text.toString());
            if (i == 0) {
                await(() -> !surface.previews.isEmpty());
            }
            clock.advance(Duration.ofMillis(3));
        }
        finish(reply, text.toString());

        assertThat(surface.texts.size()).isGreaterThan(2);
        assertThat(surface.calls).as("full parts are sent once and never edited").noneMatch(c -> c.startsWith("edit"));
        assertThat(String.join(" ", surface.texts).replaceAll("\\s+", " ").strip())
                .isEqualTo(text.toString().replaceAll("\\s+", " ").strip());
    }

    @Test
    void when_previews_are_refused_the_reply_sends_and_edits_instead_and_the_chat_remembers() {
        RecordingSurface surface = surface(4096);
        ChatPaces.Chat chat = previewingChat(Duration.ofMillis(30), Duration.ofMillis(30));
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat);
        reply.update("Hello");
        await(() -> !surface.previews.isEmpty());
        surface.refusePreviews = true;
        reply.update("Hello there");
        clock.advanceUntil(() -> surface.calls.stream().anyMatch(c -> c.startsWith("send")));
        finish(reply, "Hello there, friend.");

        assertThat(surface.texts).containsExactly("Hello there, friend.");
        assertThat(surface.calls).containsExactly("preview Hello", "refused Hello there", "send Hello there",
                "edit 0 Hello there, friend.");
        assertThat(chat.previewsAllowed()).as("the next answer in this chat edits from the start").isFalse();
    }

    @Test
    void a_429_on_a_preview_holds_back_previews_and_messages_alike() {
        RecordingSurface surface = surface(4096);
        surface.floods.set(1);
        EditInPlaceReply reply = new EditInPlaceReply(surface, previewingChat(Duration.ofMillis(10), Duration.ofMillis(10)));
        long start = clock.nanoTime();
        reply.update("Hello");
        reply.update("Hello world");
        finish(reply, "Hello world, all of it.");

        assertThat(surface.texts).containsExactly("Hello world, all of it.");
        assertThat(surface.times.getFirst() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void an_abandoned_reply_shows_nothing_more() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofMillis(200)));
        reply.update("Partial");
        await(() -> !surface.texts.isEmpty());
        reply.update("Partial answer that keeps growing");
        reply.abandon();
        finish(reply, "Final text that must never show");
        assertThat(surface.texts).containsExactly("Partial");
    }

    @Test
    void a_closed_surface_ends_the_reply_at_once() {
        RecordingSurface surface = surface(4096);
        surface.closed = true;
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ZERO));
        finish(reply, "Never shown");
        assertThat(surface.texts).isEmpty();
        assertThat(clock.elapsed()).as("no retries with back-off").isLessThan(EditInPlaceReply.FAILURE_BACKOFF);
    }

    @Test
    void whitespace_before_the_first_word_is_not_sent_and_the_answer_follows() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ZERO));
        reply.update("\n");
        reply.update("\n ");
        finish(reply, "\n Answer");
        assertThat(surface.texts).containsExactly("\n Answer");
    }

    static final List<Choice> MODELS = List.of(new Choice("GPT-4o", "/model gpt-4o"), new Choice("Claude", "/model claude"));

    @Test
    void buttons_go_under_the_last_message_of_a_long_text() {
        RecordingSurface surface = surface(100);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofSeconds(3)));
        String text = ("word ".repeat(15) + "\n").repeat(5) + "Pick one:";
        clock.runAdvancing(() -> reply.finish(text, MODELS));

        assertThat(surface.texts.size()).isGreaterThan(1);
        assertThat(surface.buttons.getLast()).isEqualTo(MODELS);
        assertThat(surface.buttons.subList(0, surface.buttons.size() - 1)).allMatch(List::isEmpty);
    }

    @Test
    void buttons_join_a_final_text_that_is_already_shown() {
        RecordingSurface surface = surface(4096);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofSeconds(3)));
        reply.update("Pick one:");
        await(() -> !surface.texts.isEmpty());
        clock.runAdvancing(() -> reply.finish("Pick one:", MODELS));

        assertThat(surface.calls).containsExactly("send Pick one:", "edit 0 Pick one: [GPT-4o, Claude]");
    }

    @Test
    void a_message_with_buttons_waits_out_429s_like_any_other() {
        RecordingSurface surface = surface(4096);
        surface.floods.set(3);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat(Duration.ofSeconds(3)));
        clock.runAdvancing(() -> reply.finish("Pick one:", MODELS));

        assertThat(surface.calls).containsExactly("send Pick one: [GPT-4o, Claude]");
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    /** Waits, in real time, for something the pump does without needing time to pass. */
    static void await(BooleanSupplier condition) {
        Eventually.await("the pump's next step", Duration.ofSeconds(5), condition);
    }
}
