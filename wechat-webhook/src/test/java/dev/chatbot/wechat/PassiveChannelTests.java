package dev.chatbot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** On a manual clock: what is said before the deadline is the passive reply, the rest goes later. */
class PassiveChannelTests {

    /** A clock that moves only when told; a timed wait moves it to the end of the wait. */
    static final class ManualClock implements ReplyClock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void timedWait(Object monitor, long nanos) {
            now += nanos;
        }
    }

    final ManualClock clock = new ManualClock();
    final List<WxMessage> later = new CopyOnWriteArrayList<>();

    @Test
    void a_command_answer_and_an_answer_in_time_make_one_passive_reply() throws Exception {
        PassiveChannel channel = new PassiveChannel(Duration.ofSeconds(4), clock, later::add, null);
        channel.send("heads-up");
        Reply reply = channel.open();
        clock.now += Duration.ofSeconds(1).toNanos();
        reply.finish("the answer");
        assertThat(channel.passiveReply(CompletableFuture.completedFuture(null))).containsExactly(new WxMessage.Text("heads-up\n\nthe answer"));
        assertThat(later).isEmpty();
    }

    @Test
    void an_answer_after_the_deadline_goes_later_and_the_reply_is_empty() throws Exception {
        PassiveChannel channel = new PassiveChannel(Duration.ofSeconds(4), clock, later::add, null);
        Reply reply = channel.open();
        clock.now += Duration.ofSeconds(5).toNanos();
        assertThat(channel.passiveReply(new CompletableFuture<>())).isEmpty();
        reply.finish("late answer");
        channel.send("a note after it");
        assertThat(later).containsExactly(new WxMessage.Text("late answer"), new WxMessage.Text("a note after it"));
    }

    @Test
    void a_channel_whose_reply_is_taken_sends_everything_later() {
        PassiveChannel channel = PassiveChannel.allLater(later::add, null);
        channel.send("command answer");
        channel.open().finish("model answer");
        assertThat(later).containsExactly(new WxMessage.Text("command answer"), new WxMessage.Text("model answer"));
    }

    @Test
    void the_ai_bot_strips_leading_mentions() {
        assertThat(WeComAiBot.withoutMention("@RobotA hello there")).isEqualTo("hello there");
        assertThat(WeComAiBot.withoutMention("@RobotA\u2005hi")).isEqualTo("hi");
        assertThat(WeComAiBot.withoutMention("@RobotA")).isEmpty();
        assertThat(WeComAiBot.withoutMention("mail me @home")).isEqualTo("mail me @home");
    }
}
