package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.time.Duration;
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
        try (WeChatFixture app = new WeChatFixture().aiBot()
                .with("bot.wecom.bot.share-interval", "100ms")
                .with("bot.wechat.shutdown-grace", "0s")
                // long enough that a JVM stalled on a busy machine keeps its turn locks
                .with("bot.replica.lease", "4s")) {
            app.bot.openai.respondWith(r -> Script.tokens(Duration.ofMillis(500), "Thought ", "long ", "about: ", r.lastUserMessage()));
            app.start();
            WeChatCallbacks replicaA = app.wechat();
            WeChatCallbacks replicaB = app.replica("replica-b");

            String question = "a question cut short";
            String message = WeChatCallbacks.aiBotText("sunqi", null, question);
            JsonNode first = replicaA.aiBotReply(replicaA.aiBot(message));
            String streamId = first.path("stream").path("id").asString();
            assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
            Eventually.await("A asking the model", Duration.ofSeconds(10), () -> app.modelCalls(question) == 1);

            app.bot.stopApp(); // A goes away mid-answer; its record stays for the survivor

            JsonNode last = replicaB.refreshUntilFinished(WeChatCallbacks.aiBotPoll("sunqi", null, streamId),
                    Duration.ofSeconds(30)).getLast();
            assertThat(last.path("finish").asBoolean()).as("a refresh poll at B shows the finished answer").isTrue();
            assertThat(last.path("id").asString()).isEqualTo(streamId);
            assertThat(last.path("content").asString()).isEqualTo("Thought long about: " + question);
            assertThat(app.modelCalls(question)).as("asked by A, then once more by B").isEqualTo(2);
        }
    }
}
