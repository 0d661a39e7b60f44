package dev.chatbot.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Redis quota store must do, run against each Redis the bot supports. */
abstract class QuotaStoreContract {

    static final Meter REQUESTS_PER_DAY = Meter.of(Unit.REQUESTS, Period.DAY);
    static final Meter REQUESTS_PER_MINUTE = Meter.of(Unit.REQUESTS, Period.MINUTE);
    static final Meter TOKENS_PER_DAY = Meter.of(Unit.TOKENS, Period.DAY);
    static final Meter TOKENS_PER_MONTH = Meter.of(Unit.TOKENS, Period.MONTH);
    static final Meter USD_PER_MONTH = Meter.of(Unit.USD, Period.MONTH);
    static final String ALICE = "telegram:111";

    final String prefix = TestRedis.newPrefix();
    // 23:59:30 in Shanghai on 31 January: the day, the month and the minute all end in 30 s
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-31T15:59:30Z"));
    final QuotaPeriods periods = new QuotaPeriods(clock, ZoneId.of("Asia/Shanghai"));
    RedisConnection redis;
    RedisQuotaStore quotas;
    RedisLimitStore limits;

    abstract String redisUrl();

    @BeforeEach
    void connect() {
        redis = RedisConnection.connect(redisUrl(), Duration.ofSeconds(10));
        RedisKeys keys = new RedisKeys(prefix);
        quotas = new RedisQuotaStore(redis.commands(), keys, periods);
        limits = new RedisLimitStore(redis.commands(), keys);
    }

    @AfterEach
    void cleanUp() {
        try {
            if (redisUrl().equals(TestRedis.url())) {
                TestRedis.deleteKeys(prefix);
            } else {
                redis.commands().keys(prefix + ":*").thenCompose(k -> k.isEmpty()
                        ? CompletableFuture.completedFuture(0L) : redis.commands().del(k.toArray(String[]::new)))
                        .toCompletableFuture().join();
            }
        } finally {
            redis.close();
        }
    }

    Admission reserve(String user, Limits defaults, Spend estimate) {
        return quotas.reserve(user, "gpt-test", defaults, estimate).toCompletableFuture().join();
    }

    Admission reserve(Limits defaults) {
        return reserve(ALICE, defaults, new Spend(1, 100, 10));
    }

    Reservation admitted(Admission a) {
        assertThat(a).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) a).reservation();
    }

    List<HeadsUp> settle(Reservation r, Limits defaults, Spend actual) {
        return quotas.settle(r, defaults, actual).toCompletableFuture().join();
    }

    UsageReport usage(Limits defaults) {
        return quotas.usage(ALICE, defaults).toCompletableFuture().join();
    }

    @Test
    void fifty_parallel_reservations_against_a_limit_of_ten_admit_exactly_ten() throws Exception {
        Limits ten = Limits.none().with(REQUESTS_PER_DAY, 10);
        int parallel = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Admission>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < parallel; i++) {
                // each on its own connection, so nothing but Redis orders them
                results.add(pool.submit(() -> {
                    try (RedisConnection own = RedisConnection.connect(redisUrl(), Duration.ofSeconds(10))) {
                        RedisQuotaStore store = new RedisQuotaStore(own.commands(), new RedisKeys(prefix), periods);
                        start.await();
                        return store.reserve(ALICE, "gpt-test", ten, new Spend(1, 500, 0)).toCompletableFuture().join();
                    }
                }));
            }
            start.countDown();
        }
        long admitted = 0;
        for (Future<Admission> f : results) {
            Admission a = f.get();
            if (a instanceof Admission.Admitted) {
                admitted++;
            } else {
                assertThat(a).isEqualTo(new Admission.OverLimit(REQUESTS_PER_DAY, 10, 10,
                        Instant.parse("2025-01-31T16:00:00Z")));
            }
        }
        assertThat(admitted).isEqualTo(10);
        assertThat(usage(ten).used(Period.DAY)).isEqualTo(new Spend(10, 5_000, 0));
    }

    @Test
    void reservations_count_at_once_so_parallel_turns_cannot_overspend_tokens() {
        Limits budget = Limits.none().with(TOKENS_PER_DAY, 1_000);
        Spend estimate = new Spend(1, 400, 0);
        Reservation first = admitted(reserve(ALICE, budget, estimate));
        Reservation second = admitted(reserve(ALICE, budget, estimate));
        admitted(reserve(ALICE, budget, estimate)); // 800 set aside: something is still left
        assertThat(reserve(ALICE, budget, estimate)).isInstanceOf(Admission.OverLimit.class);

        // the answers were shorter than feared: what was set aside beyond their use comes back
        settle(first, budget, new Spend(1, 100, 0));
        settle(second, budget, new Spend(1, 100, 0));
        assertThat(usage(budget).used(Period.DAY).tokens()).isEqualTo(600);
        admitted(reserve(ALICE, budget, estimate));
    }

    @Test
    void settling_replaces_the_estimate_with_the_real_use_and_a_failed_turn_gives_everything_back() {
        Limits none = Limits.none();
        Reservation answered = admitted(reserve(ALICE, none, new Spend(1, 1_100, 3_000)));
        settle(answered, none, new Spend(1, 350, 900));
        Reservation failed = admitted(reserve(ALICE, none, new Spend(1, 1_100, 3_000)));
        settle(failed, none, Spend.NOTHING);

        UsageReport report = usage(none);
        for (Period p : Period.values()) {
            assertThat(report.used(p)).as(p.toString()).isEqualTo(new Spend(1, 350, 900));
        }
    }

    @Test
    void settling_one_turn_twice_counts_it_once() {
        Limits none = Limits.none();
        Reservation answered = admitted(reserve(ALICE, none, new Spend(1, 1_100, 3_000)));
        settle(answered, none, new Spend(1, 350, 900));
        settle(answered, none, new Spend(1, 350, 900)); // retried after a first try whose reply was lost

        assertThat(usage(none).used(Period.DAY)).isEqualTo(new Spend(1, 350, 900));
    }

    @Test
    void an_images_limit_counts_drawings_refuses_only_drawings_and_a_failed_drawing_gives_its_image_back() {
        Meter imagesPerDay = Meter.of(Unit.IMAGES, Period.DAY);
        limits.setLimit(ALICE, imagesPerDay, 1).toCompletableFuture().join();
        Limits none = Limits.none();
        Spend drawing = new Spend(1, 0, 40_000, 1);

        Reservation failed = admitted(reserve(ALICE, none, drawing));
        settle(failed, none, Spend.NOTHING);
        Reservation drawn = admitted(reserve(ALICE, none, drawing));
        settle(drawn, none, drawing);
        assertThat(usage(none).used(Period.DAY)).isEqualTo(new Spend(1, 0, 40_000, 1));

        assertThat(reserve(ALICE, none, drawing)).isInstanceOfSatisfying(Admission.OverLimit.class, over -> {
            assertThat(over.meter()).isEqualTo(imagesPerDay);
            assertThat(over.used()).isEqualTo(1);
            assertThat(over.cap()).isEqualTo(1);
        });
        admitted(reserve(ALICE, none, new Spend(1, 100, 10))); // chatting goes on

        limits.setLimit(ALICE, imagesPerDay, 0).toCompletableFuture().join();
        String bob = "telegram:222";
        limits.setLimit(bob, imagesPerDay, 0).toCompletableFuture().join();
        assertThat(reserve(bob, none, drawing)).isInstanceOf(Admission.OverLimit.class);
        admitted(reserve(bob, none, new Spend(1, 100, 10)));
    }

    @Test
    void a_new_day_starts_from_zero_and_a_late_settle_lands_in_the_day_it_was_reserved_in() {
        Limits three = Limits.none().with(REQUESTS_PER_DAY, 3);
        admitted(reserve(three));
        admitted(reserve(three));
        Reservation late = admitted(reserve(three));
        Admission.OverLimit over = (Admission.OverLimit) reserve(three);
        assertThat(over.resetsAt()).isEqualTo(Instant.parse("2025-01-31T16:00:00Z"));

        clock.advance(Duration.ofSeconds(31)); // midnight in Shanghai: a new day and a new month
        settle(late, three, Spend.NOTHING);    // the turn that began yesterday failed

        assertThat(usage(three).used(Period.DAY)).isEqualTo(Spend.NOTHING);
        assertThat(usage(three).used(Period.MONTH)).isEqualTo(Spend.NOTHING);
        Reservation today = admitted(reserve(three));
        assertThat(today.window().dayId()).isEqualTo("d:20250201");
        clock.set(Instant.parse("2025-01-31T15:59:40Z"));
        assertThat(usage(three).used(Period.DAY).requests()).as("yesterday keeps its released count").isEqualTo(2);
    }

    @Test
    void the_minute_rate_limit_stops_bursts_and_frees_up_in_the_next_minute() {
        Limits rate = Limits.none().with(REQUESTS_PER_MINUTE, 2).with(REQUESTS_PER_DAY, 100);
        admitted(reserve(rate));
        admitted(reserve(rate));
        Admission.OverLimit over = (Admission.OverLimit) reserve(rate);
        assertThat(over.meter()).isEqualTo(REQUESTS_PER_MINUTE);
        clock.advance(Duration.ofSeconds(30));
        admitted(reserve(rate));
    }

    @Test
    void when_several_limits_are_used_up_the_longest_lasting_one_is_reported() {
        Limits both = Limits.none().with(REQUESTS_PER_MINUTE, 1).with(TOKENS_PER_MONTH, 50);
        admitted(reserve(both));
        Admission.OverLimit over = (Admission.OverLimit) reserve(both);
        assertThat(over.meter()).isEqualTo(TOKENS_PER_MONTH);
        assertThat(over.used()).isEqualTo(100);
    }

    @Test
    void a_users_own_limit_beats_the_admins_default_which_beats_the_configured_one() {
        Limits configured = Limits.none().with(REQUESTS_PER_DAY, 1);
        Limits adminDefault = Limits.none().with(REQUESTS_PER_DAY, 2);
        Limits defaults = configured.overriddenBy(adminDefault);
        admitted(reserve(defaults));
        admitted(reserve(defaults));
        assertThat(reserve(defaults)).isInstanceOf(Admission.OverLimit.class);

        limits.setLimit(ALICE, REQUESTS_PER_DAY, 3).toCompletableFuture().join();
        admitted(reserve(defaults));
        assertThat(reserve(defaults)).isInstanceOf(Admission.OverLimit.class);
        assertThat(usage(defaults).limits().cap(REQUESTS_PER_DAY)).hasValue(3);

        limits.setLimit(ALICE, REQUESTS_PER_DAY, Limits.UNLIMITED).toCompletableFuture().join();
        admitted(reserve(defaults));
        assertThat(usage(defaults).limits().cap(REQUESTS_PER_DAY)).isEmpty();

        limits.clearLimits(ALICE).toCompletableFuture().join();
        assertThat(reserve(defaults)).isInstanceOf(Admission.OverLimit.class);
        assertThat(reserve(ALICE.replace("111", "222"), defaults, new Spend(1, 1, 0)))
                .as("another user has their own count").isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void the_defaults_admins_set_from_the_chat_are_read_back_and_cleared() {
        limits.setLimit(LimitStore.DEFAULT, TOKENS_PER_DAY, 20_000).toCompletableFuture().join();
        limits.setLimit(LimitStore.DEFAULT, USD_PER_MONTH, 5_000_000).toCompletableFuture().join();
        DefaultLimits defaults = new DefaultLimits(Limits.none().with(TOKENS_PER_DAY, 1_000).with(REQUESTS_PER_DAY, 7), limits);
        assertThat(defaults.current().join()).isEqualTo(Limits.none().with(TOKENS_PER_DAY, 20_000)
                .with(REQUESTS_PER_DAY, 7).with(USD_PER_MONTH, 5_000_000));
        limits.clearLimits(LimitStore.DEFAULT).toCompletableFuture().join();
        assertThat(defaults.current().join()).isEqualTo(defaults.configured());
    }

    @Test
    void a_banned_user_is_refused_until_unbanned_and_unlimit_keeps_the_ban() {
        limits.setBanned(ALICE, true).toCompletableFuture().join();
        limits.clearLimits(ALICE).toCompletableFuture().join();
        assertThat(reserve(Limits.none())).isEqualTo(new Admission.Banned());
        assertThat(usage(Limits.none()).banned()).isTrue();
        limits.setBanned(ALICE, false).toCompletableFuture().join();
        admitted(reserve(Limits.none()));
    }

    @Test
    void the_heads_up_comes_once_per_period_when_a_limit_reaches_eighty_percent() {
        Limits five = Limits.none().with(REQUESTS_PER_DAY, 5);
        List<List<HeadsUp>> told = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            told.add(settle(admitted(reserve(five)), five, new Spend(1, 100, 10)));
        }
        assertThat(told.subList(0, 3)).allMatch(List::isEmpty);
        assertThat(told.get(3)).containsExactly(new HeadsUp(REQUESTS_PER_DAY, 4, 5, Instant.parse("2025-01-31T16:00:00Z")));
        assertThat(told.get(4)).isEmpty();
        // a released turn never tells, though the user is past 80% of a new limit
        Reservation r = admitted(reserve(Limits.none().with(REQUESTS_PER_DAY, 100)));
        limits.setLimit(ALICE, TOKENS_PER_DAY, 100).toCompletableFuture().join();
        assertThat(settle(r, Limits.none(), Spend.NOTHING)).isEmpty();
    }

    @Test
    void usage_keys_expire_after_their_period_and_limits_do_not() throws Exception {
        limits.setLimit(ALICE, REQUESTS_PER_DAY, 3).toCompletableFuture().join();
        Reservation r = admitted(reserve(Limits.none()));
        RedisKeys keys = new RedisKeys(prefix);
        long minuteTtl = redis.commands().ttl(keys.userUsage(ALICE, r.window().minuteId())).get();
        long dayTtl = redis.commands().ttl(keys.userUsage(ALICE, r.window().dayId())).get();
        assertThat(minuteTtl).isBetween(3_000L, 3_700L);
        assertThat(dayTtl).isBetween(Duration.ofDays(2).toSeconds(), Duration.ofDays(2).toSeconds() + 60);
        assertThat(redis.commands().ttl(keys.userLimits(ALICE)).get()).isEqualTo(-1L);
        assertThat(keys.userUsage(ALICE, r.window().dayId())).isEqualTo(prefix + ":{u:telegram:111}:q:d:20250131");
    }

    @Test
    void the_scripts_reload_themselves_after_redis_forgot_them() {
        redis.commands().scriptFlush().toCompletableFuture().join();
        Reservation r = admitted(reserve(Limits.none()));
        redis.commands().scriptFlush().toCompletableFuture().join();
        settle(r, Limits.none(), new Spend(1, 5, 0));
        assertThat(usage(Limits.none()).used(Period.DAY).tokens()).isEqualTo(5);
    }
}
