package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DeadlineReplyTests {

    static final Duration PATIENCE = Duration.ofMillis(4500);

    final VirtualClock clock = new VirtualClock();
    final List<String> pushed = new CopyOnWriteArrayList<>();
    final DeadlineReply reply = new DeadlineReply(PATIENCE, clock, pushed::add);

    CompletableFuture<Optional<String>> response() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reply.awaitInTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void an_answer_ready_before_the_deadline_is_the_response_and_nothing_is_pushed() {
        CompletableFuture<Optional<String>> response = response();
        reply.update("Quick");
        clock.advance(Duration.ofSeconds(4));
        reply.finish("Quick answer.");

        assertThat(response.join()).contains("Quick answer.");
        assertThat(pushed).isEmpty();
    }

    @Test
    void at_the_deadline_the_platform_is_told_later_and_the_answer_is_pushed_when_done() {
        CompletableFuture<Optional<String>> response = response();
        clock.advanceUntil(response::isDone);

        assertThat(response.join()).isEmpty();
        assertThat(clock.elapsed()).isEqualTo(PATIENCE);
        assertThat(pushed).isEmpty();
        reply.finish("Slow answer.");
        assertThat(pushed).containsExactly("Slow answer.");
    }

    @Test
    void a_finish_after_the_deadline_is_pushed_even_before_anyone_waited() {
        clock.advance(PATIENCE);
        reply.finish("Late answer.");
        assertThat(pushed).containsExactly("Late answer.");
        assertThat(response().join()).isEmpty();
    }

    @Test
    void an_abandoned_reply_answers_later_and_pushes_nothing() {
        CompletableFuture<Optional<String>> response = response();
        reply.abandon();
        assertThat(response.join()).isEmpty();
        reply.finish("Never pushed");
        assertThat(pushed).isEmpty();
        assertThat(clock.elapsed()).isZero();
    }
}
