package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.Eventually;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The typing sign on virtual time: sent at once, then every repeat, and never once closed. */
class RepeatedTypingTests {

    final VirtualClock clock = new VirtualClock();
    final AtomicInteger sent = new AtomicInteger();

    RepeatedTyping typing() {
        return new RepeatedTyping("chat", Duration.ofSeconds(4), () -> true, sent::incrementAndGet, clock);
    }

    @Test
    void the_sign_is_sent_at_once_and_again_every_repeat() {
        try (RepeatedTyping typing = typing().start()) {
            Eventually.await("the first sign", Duration.ofSeconds(5), () -> sent.get() == 1);
            clock.advanceUntil(() -> sent.get() == 3);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
        }
    }

    @Test
    void the_sign_stops_after_five_minutes_even_if_never_closed() {
        RepeatedTyping typing = typing().start();
        Eventually.await("the first sign", Duration.ofSeconds(5), () -> sent.get() == 1);
        clock.advanceUntil(() -> !clock.hasWaiters() && clock.elapsed().compareTo(RepeatedTyping.LONGEST) > 0);
        assertThat(sent.get()).isEqualTo((int) (RepeatedTyping.LONGEST.toSeconds() / 4) + 1);
        typing.close();
    }

    @Test
    void a_sign_closed_before_it_starts_is_never_sent() {
        RepeatedTyping typing = typing();
        typing.close();
        typing.start();
        assertThat(sent.get()).isZero(); // start() sends nothing itself: only the thread it did not start would
    }
}
