package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas of the app behind one load balancer, on one Redis: WeChat's message reaches
 * replica A, and what follows it (the AI bot's refresh polls, the subscription account's retries
 * of the same MsgId) reaches replica B, which serves them from Redis. Each answer is made once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeChatScaleOutTests {

    RunningBot bot;
    WeChatCallbacks replicaA;
    WeChatCallbacks replicaB;

    @BeforeAll
    void start() {
        bot = new RunningBot()
                .with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                .with("bot.wechat.mp.aes-key", WeChatCallbacks.MP_AES_KEY)
                .with("bot.wechat.reply-deadline", "1s")
                .with("bot.wechat.platform-timeout", "1300ms")
                .with("bot.wechat.retries", "3")
                .with("bot.wecom.bot.token", WeChatCallbacks.BOT_TOKEN)
                .with("bot.wecom.bot.aes-key", WeChatCallbacks.BOT_AES_KEY)
                .with("bot.wecom.bot.share-interval", "100ms");
        bot.openai.respondWith(r -> {
            String asked = r.lastUserMessage();
            java.util.regex.Matcher slow = java.util.regex.Pattern.compile("slow (\\d+)").matcher(asked);
            long pause = slow.find() ? Long.parseLong(slow.group(1)) : 2;
            return Script.tokens(Duration.ofMillis(pause), "Thought ", "long ", "about: ", asked);
        });
        bot.start();
        replicaA = new WeChatCallbacks(bot.port());
        replicaB = new WeChatCallbacks(ScaleOutTests.port(bot.startReplica("replica-b")));
    }

    @AfterAll
    void stop() {
        bot.close();
    }

    long modelCalls(String text) {
        return bot.openai.requests().stream().map(ReceivedRequest::lastUserMessage).filter(text::equals).count();
    }

    @Test
    void ai_bot_polls_at_the_other_replica_watch_the_answer_grow_and_finish() throws Exception {
        String question = "slow 300 grow across replicas";
        String msgId = "aibot-" + WeChatCallbacks.msgId();
        String message = "{\"msgid\":\"" + msgId + "\",\"aibotid\":\"AIBOTID\",\"chattype\":\"single\","
                + "\"from\":{\"userid\":\"sunqi\"},\"msgtype\":\"text\",\"text\":{\"content\":\"" + question + "\"}}";
        JsonNode first = replicaA.aiBotReply(replicaA.aiBot(message));
        String streamId = first.path("stream").path("id").asString();
        assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
        // WeCom delivering the message again, this time to B: the same stream, not a second answer
        assertThat(replicaB.aiBotReply(replicaB.aiBot(message)).path("stream").path("id").asString()).isEqualTo(streamId);

        String poll = "{\"msgid\":\"poll-" + WeChatCallbacks.msgId() + "\",\"aibotid\":\"AIBOTID\",\"chattype\":\"single\","
                + "\"from\":{\"userid\":\"sunqi\"},\"msgtype\":\"stream\",\"stream\":{\"id\":\"" + streamId + "\"}}";
        List<String> seen = new ArrayList<>();
        JsonNode last = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!last.path("stream").path("finish").asBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(60).toNanos()); // WeCom's pace of polls
            last = replicaB.aiBotReply(replicaB.aiBot(poll));
            seen.add(last.path("stream").path("content").asString());
        }
        String answer = "Thought long about: " + question;
        assertThat(last.path("stream").path("finish").asBoolean()).as("finished within 20 s").isTrue();
        assertThat(seen.getLast()).isEqualTo(answer);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("poll %d grows from the one before", i).startsWith(seen.get(i - 1));
        }
        assertThat(seen).as("some poll at B saw the answer half written")
                .anyMatch(text -> !text.isEmpty() && !text.equals(answer));
        assertThat(modelCalls(question)).as("answered once").isEqualTo(1);
    }

    @Test
    void a_subscription_account_retry_at_the_other_replica_carries_the_late_answer() throws Exception {
        String question = "slow 400 what rides a retry elsewhere";
        String xml = WeChatCallbacks.textXml("o_two_replicas", WeChatCallbacks.msgId(), question);
        var first = replicaA.mpSafe(xml);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).as("held until WeChat gives up, so it retries").isEmpty();
        WeChatCallbacks.Reply retry = null;
        for (int delivery = 2; delivery <= 4; delivery++) {
            retry = replicaB.mpSafe(xml);
            if (!retry.body().isEmpty()) {
                break;
            }
        }
        assertThat(replicaB.mpReply(retry)).containsEntry("Content", "Thought long about: " + question);
        assertThat(modelCalls(question)).as("answered once").isEqualTo(1);
    }
}
