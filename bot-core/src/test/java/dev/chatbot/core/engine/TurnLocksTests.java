package dev.chatbot.core.engine;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TurnLease;
import dev.chatbot.core.history.TurnStart;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.reply.VirtualClock;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for a chat's turn on a real Redis, with a short lease. */
class TurnLocksTests {

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisChatStore chats = new RedisChatStore(redis.commands(), keys, JsonMapper.builder().build(), 10, Duration.ofHours(1));
    final RedisInboxStore inbox = new RedisInboxStore(redis.commands(), keys);
    final ChatKey chat = ChatKey.of("telegram", "42");
    final AtomicInteger waits = new AtomicInteger();
    final EngineSettings settings = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofMillis(300), "replica-a");
    final TurnObserver countingWaits = new TurnObserver() {
        @Override
        public void turnWaited() {
            waits.incrementAndGet();
        }
    };
    final TurnLocks locks = new TurnLocks(chats, settings, countingWaits);
    /** Waits on virtual time; the leases themselves expire on Redis's clock. */
    final VirtualClock clock = new VirtualClock();
    final TurnLocks timedLocks = new TurnLocks(chats, settings, countingWaits, clock);

    @AfterEach
    void cleanUp() {
        locks.close();
        timedLocks.close();
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    @Test
    void an_earlier_message_that_never_begins_holds_the_chat_up_for_two_leases_at_most() throws Exception {
        // e.g. taken up after a replica died, but queued on this replica behind the later one
        inbox.enqueue(chat, "1", 1, Duration.ofMinutes(1)).toCompletableFuture().get();
        inbox.enqueue(chat, "2", 2, Duration.ofMinutes(1)).toCompletableFuture().get();
        TurnStart first = locks.ask(chat, "2").get();
        assertThat(first.outcome()).isEqualTo(TurnStart.Outcome.EARLIER_PENDING);

        AtomicReference<Optional<TurnStart>> awaited = new AtomicReference<>();
        clock.runAdvancing(() -> {
            try {
                awaited.set(timedLocks.await(chat, "2", first));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Optional<TurnStart> start = awaited.get();

        assertThat(start).hasValueSatisfying(s -> assertThat(s.isTaken()).isTrue());
        assertThat(clock.elapsed()).as("two leases of waiting").isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
        assertThat(start.get().lease().eventId()).as("taken off the queue when its turn ends").isEqualTo("2");
        assertThat(waits.get()).isEqualTo(1);
        chats.endTurn(chat, start.get().lease()).toCompletableFuture().get();
        assertThat(redis.commands().zrange(keys.turnQueue(chat), 0, -1).get()).containsExactly("1");
    }

    @Test
    void a_running_turn_keeps_its_lock_past_the_lease_by_renewing_it() throws Exception {
        // real time, so the lease is long enough that a loaded machine's late Redis answer (over half of a
        // 300 ms lease was seen) does not make the turn give up; four renewals a third of a lease apart
        // still carry the lock past its first expiry
        EngineSettings slowerLease = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofMillis(1500), "replica-a");
        AtomicInteger renewedMine = new AtomicInteger();
        AtomicInteger renewedLost = new AtomicInteger();
        try (TurnLocks counted = new TurnLocks(countingRenewals(renewedMine, renewedLost), slowerLease, TurnObserver.NONE)) {
            TurnStart mine = counted.ask(chat, null).get();
            try (TurnLocks.Renewal kept = counted.keep(chat, mine.lease(), () -> { })) {
                Eventually.await("the lock renewed four times", Duration.ofSeconds(20), () -> renewedMine.get() + renewedLost.get() >= 4);

                assertThat(renewedLost.get()).as("renewals that found the lock taken").isZero();
                assertThat(chats.beginTurn(chat, "replica-b", null, Duration.ofSeconds(1)).toCompletableFuture().get().outcome())
                        .isEqualTo(TurnStart.Outcome.BUSY);
            }
        }
    }

    @Test
    void a_renewal_round_that_comes_late_asks_redis_and_keeps_a_lock_redis_still_holds() throws Exception {
        // the replica overloaded: its renewer wakes after most of a lease, past the half a lease at which an
        // unconfirmed turn gives up; Redis (on its own clock, a real 10 s lease) still holds the lock for it
        EngineSettings tenSeconds = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofSeconds(10), "replica-a");
        AtomicInteger renewedMine = new AtomicInteger();
        AtomicInteger renewedLost = new AtomicInteger();
        AtomicInteger gaveUp = new AtomicInteger();
        VirtualClock late = new VirtualClock();
        try (TurnLocks counted = new TurnLocks(countingRenewals(renewedMine, renewedLost), tenSeconds, TurnObserver.NONE, late)) {
            TurnStart mine = counted.ask(chat, null).get();
            try (TurnLocks.Renewal kept = counted.keep(chat, mine.lease(), gaveUp::incrementAndGet)) {
                Eventually.await("the renewer waiting for its round", Duration.ofSeconds(10), late::hasWaiters);
                late.advance(Duration.ofSeconds(9));

                Eventually.await("a renewal confirmed by Redis", Duration.ofSeconds(10), () -> renewedMine.get() >= 1);
                late.advance(Duration.ofSeconds(4)); // the next round: the last renewal was confirmed
                Eventually.await("a second renewal confirmed", Duration.ofSeconds(10), () -> renewedMine.get() >= 2);
                assertThat(gaveUp.get()).as("the turn kept").isZero();
                assertThat(renewedLost.get()).isZero();
            }
        }
    }

    @Test
    void a_turn_whose_renewals_go_unanswered_for_half_a_lease_gives_up() throws Exception {
        EngineSettings tenSeconds = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofSeconds(10), "replica-a");
        List<CompletableFuture<Boolean>> unanswered = new CopyOnWriteArrayList<>();
        AtomicInteger gaveUp = new AtomicInteger();
        VirtualClock time = new VirtualClock();
        try (TurnLocks cutOff = new TurnLocks(answeringRenewals(unanswered), tenSeconds, TurnObserver.NONE, time)) {
            TurnStart mine = cutOff.ask(chat, null).get();
            try (TurnLocks.Renewal kept = cutOff.keep(chat, mine.lease(), gaveUp::incrementAndGet)) {
                time.advanceUntil(() -> unanswered.size() >= 1); // a round at a third of the lease: no answer
                assertThat(gaveUp.get()).as("a third of a lease without an answer").isZero();

                time.advanceUntil(() -> gaveUp.get() == 1);

                assertThat(time.elapsed()).as("given up at the round after half a lease, before the lease lapses")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(5)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void a_renewal_answered_after_the_turn_ended_does_not_take_the_turn_for_lost() throws Exception {
        // the turn's own history write lets the lock go; a renewal sent just before it finds the lock gone
        EngineSettings tenSeconds = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofSeconds(10), "replica-a");
        List<CompletableFuture<Boolean>> unanswered = new CopyOnWriteArrayList<>();
        AtomicInteger gaveUp = new AtomicInteger();
        AtomicInteger lostLocks = new AtomicInteger();
        TurnObserver countingLost = new TurnObserver() {
            @Override
            public void turnLockLost() {
                lostLocks.incrementAndGet();
            }
        };
        VirtualClock time = new VirtualClock();
        try (TurnLocks ending = new TurnLocks(answeringRenewals(unanswered), tenSeconds, countingLost, time)) {
            TurnStart mine = ending.ask(chat, null).get();
            TurnLocks.Renewal kept = ending.keep(chat, mine.lease(), gaveUp::incrementAndGet);
            time.advanceUntil(() -> unanswered.size() >= 1);

            ending.stopRenewing(chat, mine.lease()); // as the turn does before its ending write
            chats.endTurn(chat, mine.lease()).toCompletableFuture().get();
            unanswered.getFirst().complete(false);
            kept.close();

            assertThat(unanswered.getFirst()).isCompletedWithValue(false);
            assertThat(gaveUp.get()).as("the ended turn not taken for lost").isZero();
            assertThat(lostLocks.get()).isZero();
        }
    }

    /** The chat store, its renewals left for the test to answer (none reaches Redis). */
    private ChatStore answeringRenewals(List<CompletableFuture<Boolean>> renewals) {
        ChatStore real = countingRenewals(new AtomicInteger(), new AtomicInteger());
        return new ChatStore() {
            @Override
            public CompletionStage<List<ChatMessage>> history(ChatKey key) {
                return real.history(key);
            }

            @Override
            public CompletionStage<Void> append(ChatKey key, List<ChatMessage> messages) {
                return real.append(key, messages);
            }

            @Override
            public CompletionStage<Void> clear(ChatKey key) {
                return real.clear(key);
            }

            @Override
            public CompletionStage<TurnStart> beginTurn(ChatKey key, String holder, String eventId, Duration lease) {
                return real.beginTurn(key, holder, eventId, lease);
            }

            @Override
            public CompletionStage<Boolean> renewTurn(ChatKey key, TurnLease turn, Duration lease) {
                CompletableFuture<Boolean> answer = new CompletableFuture<>();
                renewals.add(answer);
                return answer;
            }
        };
    }

    /** The chat store, counting the turn's renewals by whether they still found the lock its own. */
    private ChatStore countingRenewals(AtomicInteger mine, AtomicInteger lost) {
        return new ChatStore() {
            @Override
            public CompletionStage<List<ChatMessage>> history(ChatKey key) {
                return chats.history(key);
            }

            @Override
            public CompletionStage<Void> append(ChatKey key, List<ChatMessage> messages) {
                return chats.append(key, messages);
            }

            @Override
            public CompletionStage<Void> clear(ChatKey key) {
                return chats.clear(key);
            }

            @Override
            public CompletionStage<TurnStart> beginTurn(ChatKey key, String holder, String eventId, Duration lease) {
                return chats.beginTurn(key, holder, eventId, lease);
            }

            @Override
            public CompletionStage<Boolean> renewTurn(ChatKey key, TurnLease turn, Duration lease) {
                return chats.renewTurn(key, turn, lease).thenApply(held -> {
                    (held ? mine : lost).incrementAndGet();
                    return held;
                });
            }
        };
    }
}
