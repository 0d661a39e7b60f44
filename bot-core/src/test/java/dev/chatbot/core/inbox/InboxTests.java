package dev.chatbot.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.inbox.Arrival.Status;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inbox with a fake adapter and the real Redis: recorded, answered once, replayed after a crash, forgotten. */
class InboxTests {

    static final Duration REMEMBER = Duration.ofMinutes(10);

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final InboxStore store = new RedisInboxStore(redis.commands(), keys);
    final FakePlatform platform = new FakePlatform();

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    Inbox run(String owner) {
        return new Inbox(store, FakePlatform.NAME, REMEMBER, platform.handler(), owner, Clock.systemUTC());
    }

    List<InboxRecord> left() throws Exception {
        return store.left(FakePlatform.NAME).toCompletableFuture().get();
    }

    static void await(Arrival arrival) throws Exception {
        arrival.answered().get(10, TimeUnit.SECONDS);
    }

    @Test
    void an_event_is_recorded_before_it_is_acknowledged_and_forgotten_once_answered() throws Exception {
        Inbox inbox = run("run-1");
        Arrival arrival = inbox.receive(platform.event("1", "hello"));

        assertThat(arrival.status()).isEqualTo(Status.TAKEN);
        assertThat(left()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("1");
            assertThat(r.payload()).isEqualTo("hello");
            assertThat(r.owner()).isEqualTo("run-1");
        });
        assertThat(platform.handled).containsExactly("hello");

        platform.answer("hello").complete(null);
        await(arrival);
        assertThat(left()).isEmpty();
        assertThat(inbox.inFlight()).isZero();
    }

    @Test
    void an_event_cut_short_by_a_crash_is_replayed_exactly_once_by_the_next_run() throws Exception {
        Inbox first = run("run-1");
        first.receive(List.of(platform.event("7", "first question"), platform.event("8", "second question")));
        platform.answer("first question").complete(null);
        // the first run crashes while the second answer is running: nothing forgets it
        Inbox second = run("run-2");

        List<Arrival> replayed = second.replay(platform::read);

        assertThat(replayed).extracting(Arrival::status).containsExactly(Status.TAKEN);
        assertThat(platform.handled).containsExactly("first question", "second question", "second question");
        assertThat(left()).singleElement().satisfies(r -> assertThat(r.owner()).as("taken over").isEqualTo("run-2"));
        platform.answer("second question").complete(null);
        await(replayed.getFirst());
        assertThat(left()).isEmpty();

        assertThat(run("run-3").replay(platform::read)).as("nothing left to replay").isEmpty();
        assertThat(second.receive(platform.event("8", "second question")).status())
                .as("the platform delivering it again").isEqualTo(Status.ALREADY_TAKEN);
        assertThat(platform.handled).hasSize(3);
    }

    @Test
    void a_stopping_run_refuses_new_events_and_leaves_running_ones_for_the_next() throws Exception {
        Inbox first = run("run-1");
        first.receive(platform.event("3", "slow"));
        first.stopTaking();

        assertThat(first.receive(platform.event("4", "too late")).status()).isEqualTo(Status.REFUSED);
        assertThat(first.drain(Duration.ZERO)).isEqualTo(1);
        platform.answer("slow").complete(null); // as when the engine interrupts it on close
        assertThat(left()).extracting(InboxRecord::id).as("kept for the next run").containsExactly("3");

        Inbox second = run("run-2");
        await(second.replay(platform::read).getFirst());
        assertThat(platform.handled).containsExactly("slow", "slow");
        assertThat(left()).isEmpty();
    }

    @Test
    void a_redelivery_of_a_running_event_attaches_to_its_answer_instead_of_asking_again() throws Exception {
        Inbox inbox = run("run-1");
        Arrival first = inbox.receive(platform.event("5", "question"));
        Arrival retry = inbox.receive(platform.event("5", "question"));

        assertThat(retry.status()).isEqualTo(Status.ALREADY_RUNNING);
        assertThat(retry.answered()).isNotDone();
        platform.answer("question").complete(null);
        await(retry);
        assertThat(first.answered()).isDone();
        assertThat(left()).isEmpty();
        assertThat(platform.handled).containsExactly("question");
    }

    @Test
    void a_redelivery_within_one_batch_is_answered_once() throws Exception {
        List<Arrival> arrivals = run("run-1").receive(List.of(platform.event("6", "twice"), platform.event("6", "twice")));
        assertThat(arrivals).extracting(Arrival::status).containsExactly(Status.TAKEN, Status.ALREADY_RUNNING);
        assertThat(platform.handled).containsExactly("twice");
    }

    @Test
    void ids_are_remembered_as_long_as_the_platform_says_and_per_platform() throws Exception {
        Inbox inbox = new Inbox(store, "wechat", Duration.ofSeconds(30), platform.handler(), "run-1", Clock.systemUTC());
        inbox.receive(platform.event("42", "hi"));
        assertThat(redis.commands().ttl(keys.seen("wechat", "42")).get()).isBetween(25L, 30L);

        assertThat(run("run-1").receive(platform.event("42", "hi")).status())
                .as("the same id on another platform is another event").isEqualTo(Status.TAKEN);
    }

    @Test
    void an_event_that_cannot_be_read_any_more_is_forgotten_at_replay() throws Exception {
        run("run-1").receive(platform.event("9", "junk"));
        assertThat(run("run-2").replay(platform::read)).isEmpty();
        assertThat(left()).isEmpty();
    }

    @Test
    void an_event_this_run_cannot_answer_is_left_recorded_for_the_run_that_can() throws Exception {
        run("run-1").receive(platform.event("10", "on another shard"));

        assertThat(run("run-2").replay(payload -> false, platform::read)).isEmpty();
        assertThat(left()).singleElement().satisfies(r -> assertThat(r.owner()).as("not claimed").isEqualTo("run-1"));
        assertThat(platform.handled).containsExactly("on another shard");

        List<Arrival> replayed = run("run-3").replay(payload -> true, platform::read);
        assertThat(replayed).extracting(Arrival::status).containsExactly(Status.TAKEN);
        assertThat(platform.handled).containsExactly("on another shard", "on another shard");
    }

    @Test
    void the_answer_so_far_is_kept_while_running_and_not_brought_back_once_forgotten() throws Exception {
        Inbox inbox = run("run-1");
        Arrival arrival = inbox.receive(platform.event("11", "long one"));

        assertThat(inbox.progress("11", "The first half", List.of("m-1", "m-2")).get()).isTrue();
        assertThat(left()).singleElement().satisfies(r -> {
            assertThat(r.answerSoFar()).isEqualTo("The first half");
            assertThat(r.messageIds()).containsExactly("m-1", "m-2");
            assertThat(r.payload()).isEqualTo("long one");
        });

        platform.answer("long one").complete(null);
        await(arrival);
        assertThat(inbox.progress("11", "late", List.of()).get()).isFalse();
        assertThat(store.update(InboxRecord.taken(FakePlatform.NAME, "11", "long one", "run-1", 0))
                .toCompletableFuture().get()).isFalse();
        assertThat(left()).isEmpty();
    }

    @Test
    void a_record_whose_answer_was_shown_and_saved_is_forgotten_at_replay_and_not_answered_again() throws Exception {
        Inbox first = run("run-1");
        first.receive(platform.event("21", "answered, but forgetting failed"));
        InboxRecord recorded = left().getFirst();
        store.update(recorded.completed("the answer")).toCompletableFuture().get();

        assertThat(run("run-2").replay(platform::read)).isEmpty();
        Eventually.await("the record forgotten", Duration.ofSeconds(10), () -> {
            try {
                return left().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(platform.handled).containsExactly("answered, but forgetting failed");
    }

    @Test
    void the_messages_an_answer_shows_are_kept_in_its_record_and_handed_to_the_replay() throws Exception {
        List<List<String>> shownAtReplay = new java.util.concurrent.CopyOnWriteArrayList<>();
        Inbox first = new Inbox(store, FakePlatform.NAME, REMEMBER, (message, channel) -> {
            channel.journal().showing(List.of("m-7"));
            return new java.util.concurrent.CompletableFuture<>(); // the crash comes first
        }, "run-1", Clock.systemUTC());
        first.receive(platform.event("31", "long answer"));
        Eventually.await("the message noted", Duration.ofSeconds(10), () -> {
            try {
                return left().getFirst().messageIds().equals(List.of("m-7"));
            } catch (Exception e) {
                return false;
            }
        });

        Inbox second = new Inbox(store, FakePlatform.NAME, REMEMBER, (message, channel) -> {
            shownAtReplay.add(channel.journal().shownIn());
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }, "run-2", Clock.systemUTC());
        await(second.replay(platform::read).getFirst());
        assertThat(shownAtReplay).containsExactly(List.of("m-7"));
        assertThat(left()).isEmpty();
    }
}
