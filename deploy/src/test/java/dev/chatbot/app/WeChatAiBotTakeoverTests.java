package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A WeCom AI-bot answer whose replica goes away mid-answer: once its owner lease is gone, the
 * other replica takes the message up from the inbox and continues the answer in the same stream in
 * Redis, so the user's refresh polls (reaching the survivor) see it finish.
 */
class WeChatAiBotTakeoverTests {

    @Test
    void a_survivor_continues_the_stream_of_a_replica_that_went_away() throws Exception {
        try (RunningBot bot = new RunningBot()
                .with("bot.wecom.bot.token", WeChatCallbacks.BOT_TOKEN)
                .with("bot.wecom.bot.aes-key", WeChatCallbacks.BOT_AES_KEY)
                .with("bot.wecom.bot.share-interval", "100ms")
                .with("bot.wechat.shutdown-grace", "0s")
                // long enough that a JVM stalled on a busy machine keeps its turn locks
                .with("bot.replica.lease", "4s")) {
            bot.openai.respondWith(r -> Script.tokens(Duration.ofMillis(500), "Thought ", "long ", "about: ", r.lastUserMessage()));
            bot.start();
            WeChatCallbacks replicaA = new WeChatCallbacks(bot.port());
            WeChatCallbacks replicaB = new WeChatCallbacks(ScaleOutTests.port(bot.startReplica("replica-b")));

            String question = "a question cut short";
            String msgId = "aibot-" + WeChatCallbacks.msgId();
            String message = "{\"msgid\":\"" + msgId + "\",\"aibotid\":\"AIBOTID\",\"chattype\":\"single\","
                    + "\"from\":{\"userid\":\"sunqi\"},\"msgtype\":\"text\",\"text\":{\"content\":\"" + question + "\"}}";
            JsonNode first = replicaA.aiBotReply(replicaA.aiBot(message));
            String streamId = first.path("stream").path("id").asString();
            assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
            Eventually.await("A asking the model", Duration.ofSeconds(10), () -> modelCalls(bot, question) == 1);

            bot.stopApp(); // A goes away mid-answer; its record stays for the survivor

            String poll = "{\"msgid\":\"poll-" + WeChatCallbacks.msgId() + "\",\"aibotid\":\"AIBOTID\",\"chattype\":\"single\","
                    + "\"from\":{\"userid\":\"sunqi\"},\"msgtype\":\"stream\",\"stream\":{\"id\":\"" + streamId + "\"}}";
            AtomicReference<JsonNode> last = new AtomicReference<>();
            Eventually.await("a refresh poll at B to show the finished answer", Duration.ofSeconds(30), () -> {
                try {
                    last.set(replicaB.aiBotReply(replicaB.aiBot(poll)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return last.get().path("stream").path("finish").asBoolean();
            }, () -> String.valueOf(last.get()));
            assertThat(last.get().path("stream").path("id").asString()).isEqualTo(streamId);
            assertThat(last.get().path("stream").path("content").asString()).isEqualTo("Thought long about: " + question);
            assertThat(modelCalls(bot, question)).as("asked by A, then once more by B").isEqualTo(2);
        }
    }

    static long modelCalls(RunningBot bot, String text) {
        return bot.openai.requests().stream().map(ReceivedRequest::lastUserMessage).filter(text::equals).count();
    }
}
