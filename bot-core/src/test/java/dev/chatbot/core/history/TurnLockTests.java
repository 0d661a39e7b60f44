package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat's turn lock on a real Redis: exclusion, expiry, fencing and the chat's queue order. */
class TurnLockTests {

    static final Duration LONG = Duration.ofSeconds(30);

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisChatStore chats = new RedisChatStore(redis.commands(), keys, JsonMapper.builder().build(), 10, Duration.ofHours(1));
    final RedisInboxStore inbox = new RedisInboxStore(redis.commands(), keys);
    final ChatKey chat = ChatKey.of("telegram", "42");

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    TurnStart begin(String holder, String eventId, Duration lease) throws Exception {
        return chats.beginTurn(chat, holder, eventId, lease).toCompletableFuture().get();
    }

    @Test
    void one_turn_at_a_time_and_the_history_comes_with_the_lock() throws Exception {
        chats.append(chat, List.of(ChatMessage.user("earlier"))).toCompletableFuture().get();
        TurnStart a = begin("replica-a", null, LONG);
        assertThat(a.isTaken()).isTrue();
        assertThat(a.history()).containsExactly(ChatMessage.user("earlier"));
        assertThat(redis.commands().get(keys.turnLock(chat)).get()).isEqualTo(a.lease().fence() + ":replica-a");
        assertThat(keys.turnLock(chat)).isEqualTo(prefix + ":{c:telegram:42}:lock");

        TurnStart b = begin("replica-b", null, LONG);
        assertThat(b.outcome()).isEqualTo(TurnStart.Outcome.BUSY);
        assertThat(b.retryAfter()).isPositive();

        assertThat(chats.appendAndEnd(chat, List.of(ChatMessage.assistant("a")), a.lease()).toCompletableFuture().get()).isTrue();
        TurnStart next = begin("replica-b", null, LONG);
        assertThat(next.isTaken()).isTrue();
        assertThat(next.lease().fence()).isGreaterThan(a.lease().fence());
        assertThat(next.history()).containsExactly(ChatMessage.user("earlier"), ChatMessage.assistant("a"));
    }

    @Test
    void a_stalled_turn_whose_lease_expired_cannot_write_history_after_the_next_turn_did() throws Exception {
        TurnStart stalled = begin("replica-a", null, Duration.ofMillis(300));
        assertThat(stalled.isTaken()).isTrue();

        AtomicReference<TurnStart> next = new AtomicReference<>();
        Eventually.await("the stalled turn's lease to expire and another replica to take the chat", Duration.ofSeconds(10),
                () -> {
                    next.set(chats.beginTurn(chat, "replica-b", null, LONG).toCompletableFuture().join());
                    return next.get().isTaken();
                });
        assertThat(chats.renewTurn(chat, stalled.lease(), LONG).toCompletableFuture().get()).isFalse();
        assertThat(chats.appendAndEnd(chat, List.of(ChatMessage.user("q2"), ChatMessage.assistant("new")), next.get().lease())
                .toCompletableFuture().get()).isTrue();

        boolean written = chats.appendAndEnd(chat, List.of(ChatMessage.user("q1"), ChatMessage.assistant("stale")),
                stalled.lease()).toCompletableFuture().get();

        assertThat(written).isFalse();
        assertThat(chats.history(chat).toCompletableFuture().get())
                .containsExactly(ChatMessage.user("q2"), ChatMessage.assistant("new"));
    }

    @Test
    void a_stalled_turn_cannot_release_the_next_turns_lock() throws Exception {
        TurnStart stalled = begin("replica-a", null, Duration.ofMillis(200));
        AtomicReference<TurnStart> next = new AtomicReference<>();
        Eventually.await("another replica to take the chat", Duration.ofSeconds(10), () -> {
            next.set(chats.beginTurn(chat, "replica-b", null, LONG).toCompletableFuture().join());
            return next.get().isTaken();
        });
        chats.endTurn(chat, stalled.lease()).toCompletableFuture().get();
        assertThat(begin("replica-c", null, LONG).outcome()).isEqualTo(TurnStart.Outcome.BUSY);
    }

    @Test
    void a_running_turn_keeps_its_lock_by_renewing_it() throws Exception {
        TurnStart a = begin("replica-a", null, Duration.ofMillis(400));
        assertThat(chats.renewTurn(chat, a.lease(), LONG).toCompletableFuture().get()).isTrue();
        assertThat(redis.commands().pttl(keys.turnLock(chat)).get()).isGreaterThan(10_000L);
    }

    @Test
    void the_chats_events_take_their_turns_oldest_first() throws Exception {
        // queued by two replicas in the platform's order, the later one asking first
        inbox.enqueue(chat, "101", 101, LONG).toCompletableFuture().get();
        inbox.enqueue(chat, "102", 102, LONG).toCompletableFuture().get();

        assertThat(begin("replica-b", "102", LONG).outcome()).isEqualTo(TurnStart.Outcome.EARLIER_PENDING);
        TurnStart first = begin("replica-a", "101", LONG);
        assertThat(first.isTaken()).isTrue();
        assertThat(chats.appendAndEnd(chat, List.of(ChatMessage.user("q101")), first.lease()).toCompletableFuture().get()).isTrue();

        TurnStart second = begin("replica-b", "102", LONG);
        assertThat(second.isTaken()).isTrue();
        chats.endTurn(chat, second.lease()).toCompletableFuture().get();
        assertThat(redis.commands().zcard(keys.turnQueue(chat)).get()).isZero();
        assertThat(redis.commands().exists(keys.turnLock(chat)).get()).isZero();
    }

    @Test
    void an_event_not_queued_does_not_wait_for_the_queue() throws Exception {
        inbox.enqueue(chat, "7", 7, LONG).toCompletableFuture().get();
        assertThat(begin("replica-a", "unrecorded", LONG).isTaken()).isTrue();
    }
}
