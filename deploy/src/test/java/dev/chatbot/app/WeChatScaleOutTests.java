package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas of the app behind one load balancer, on one Redis: WeChat's message reaches
 * replica A, and what follows it (the AI bot's refresh polls, the subscription account's retries
 * of the same MsgId) reaches replica B, which serves them from Redis. Each answer is made once.
 */
class WeChatScaleOutTests {

    @RegisterExtension
    static final WeChatFixture app = new WeChatFixture().subscriptionAccount().quickRetries().aiBot()
            .with("bot.wecom.bot.share-interval", "100ms").answersSlowlyWhenAsked();
    static WeChatCallbacks replicaA;
    static WeChatCallbacks replicaB;

    @BeforeAll
    static void startReplicaB() {
        replicaA = app.wechat();
        replicaB = app.replica("replica-b");
    }

    @Test
    void ai_bot_polls_at_the_other_replica_watch_the_answer_grow_and_finish() throws Exception {
        String question = "slow 300 grow across replicas";
        String message = WeChatCallbacks.aiBotText("sunqi", null, question);
        JsonNode first = replicaA.aiBotReply(replicaA.aiBot(message));
        String streamId = first.path("stream").path("id").asString();
        assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
        // WeCom delivering the message again, this time to B: the same stream, not a second answer
        assertThat(replicaB.aiBotReply(replicaB.aiBot(message)).path("stream").path("id").asString()).isEqualTo(streamId);

        List<JsonNode> refreshes = replicaB.refreshUntilFinished(WeChatCallbacks.aiBotPoll("sunqi", null, streamId),
                Duration.ofSeconds(20));
        List<String> seen = refreshes.stream().map(r -> r.path("content").asString()).toList();
        JsonNode last = refreshes.getLast();
        String answer = "Thought long about: " + question;
        assertThat(last.path("finish").asBoolean()).as("finished within 20 s").isTrue();
        assertThat(seen.getLast()).isEqualTo(answer);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("poll %d grows from the one before", i).startsWith(seen.get(i - 1));
        }
        assertThat(seen).as("some poll at B saw the answer half written")
                .anyMatch(text -> !text.isEmpty() && !text.equals(answer));
        assertThat(app.modelCalls(question)).as("answered once").isEqualTo(1);
    }

    @Test
    void a_subscription_account_retry_at_the_other_replica_carries_the_late_answer() throws Exception {
        String question = "slow 400 what rides a retry elsewhere";
        String xml = WeChatCallbacks.textXml("o_two_replicas", WeChatCallbacks.msgId(), question);
        var first = replicaA.mpSafe(xml);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).as("held until WeChat gives up, so it retries").isEmpty();
        WeChatCallbacks.Reply retry = replicaB.retriedUntilAnswered(xml);
        assertThat(replicaB.mpReply(retry)).containsEntry("Content", "Thought long about: " + question);
        assertThat(app.modelCalls(question)).as("answered once").isEqualTo(1);
    }
}
