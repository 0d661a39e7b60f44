package dev.chatbot.core.limits;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.commands.BanCommand;
import dev.chatbot.core.commands.LimitCommand;
import dev.chatbot.core.commands.UsageCommand;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.engine.TurnObserver;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.reply.RecordingReplyChannel;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.TestRedis;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine with fair use wired in: real Redis, the fake OpenAI server, a clock moved by hand. */
class FairUseEngineTests {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PLATFORM = "test";
    static final Sender ALICE = new Sender("111", "alice", "Alice", "en");
    static final Sender BOB = new Sender("222", "bob", "Bob", "en");
    static final Sender ADMIN = new Sender("999", "root", "Root", "en");

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(10));
    final RedisKeys keys = new RedisKeys(prefix);
    final FakeOpenAiServer openai = new FakeOpenAiServer();
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));
    final QuotaPeriods periods = new QuotaPeriods(clock, ZoneId.of("UTC"));
    final AtomicInteger messageIds = new AtomicInteger();
    final ChatLanes lanes = new ChatLanes();
    ConversationEngine engine;

    @AfterEach
    void cleanUp() {
        openai.close();
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    void start(Limits configured, AccessList access) {
        start(configured, access, redis.commands());
    }

    void start(Limits configured, AccessList access, RedisClusterAsyncCommands<String, String> commands) {
        JsonMapper json = JsonMapper.builder().build();
        Texts texts = new Texts();
        RedisChatStore chats = new RedisChatStore(commands, keys, json, 20, Duration.ofHours(1));
        ModelInfo model = new ModelInfo("gpt-test", "openai", "gpt-test", 128_000, 4_000, 2.5, 10.0, false,
                ModelInfo.Access.EVERYONE, Set.of());
        ProviderRegistry providers = new ProviderRegistry(List.of(new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", openai.baseUrl(), "sk-test"), json)));
        EngineSettings settings = new EngineSettings(null, Duration.ofSeconds(30), new Admins(Set.of(PLATFORM + ":999")));
        RedisQuotaStore quotas = new RedisQuotaStore(commands, keys, periods);
        RedisLimitStore limits = new RedisLimitStore(commands, keys);
        RedisUserDirectory users = new RedisUserDirectory(commands, keys);
        DefaultLimits defaults = new DefaultLimits(configured, limits);
        QuotaTexts quotaTexts = new QuotaTexts(texts, periods);
        FairUseGate fairUse = new FairUseGate(quotas, defaults, new RedisUsageStats(commands, keys), users, access,
                quotaTexts);
        engine = new ConversationEngine(settings, chats, new RedisSettingsStore(commands, keys),
                new ModelCatalog(List.of(model), "gpt-test", "openai"), providers, FallbackChain.none(), new TokenCounter(), texts,
                List.of(new UsageCommand(settings.admins(), quotas, defaults, users, quotaTexts),
                        new LimitCommand(settings.admins(), limits, users, quotaTexts),
                        new BanCommand(settings.admins(), limits, users)),
                lanes, fairUse, TurnObserver.NONE);
    }

    RecordingReplyChannel send(String chat, Sender from, String text) {
        return send(chat, from, text, null);
    }

    RecordingReplyChannel send(String chat, Sender from, String text, Sender replyTo) {
        RecordingReplyChannel channel = new RecordingReplyChannel();
        boolean direct = chat.equals(from.id());
        engine.submit(new InboundMessage(new ChatKey(PLATFORM, chat, null), "m" + messageIds.incrementAndGet(), from,
                text, InboundMessage.Kind.TEXT, direct, true, null, replyTo), channel);
        return channel;
    }

    /** Sends and waits for the first message shown in return. */
    String ask(String chat, Sender from, String text) {
        return ask(chat, from, text, null);
    }

    String ask(String chat, Sender from, String text, Sender replyTo) {
        RecordingReplyChannel channel = send(chat, from, text, replyTo);
        await("an answer to " + text, () -> !channel.messages.isEmpty());
        return channel.messages.getFirst();
    }

    static void await(String what, BooleanSupplier condition) {
        Eventually.await(what, WAIT, condition);
    }

    @Test
    void fifty_parallel_turns_of_one_user_in_fifty_chats_reach_the_model_exactly_ten_times() {
        start(Limits.none().with(Meter.of(Unit.REQUESTS, Period.DAY), 10), AccessList.everyone());
        // slow answers, so the turns really overlap
        openai.respondWith(r -> Script.tokens(Duration.ofMillis(30), "Sure", ",", " here", " you", " go"));

        List<RecordingReplyChannel> channels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            channels.add(send("group-" + i, ALICE, "question " + i));
        }
        await("every chat to get its one message", () -> channels.stream().allMatch(c -> !c.messages.isEmpty()));

        assertThat(openai.requests()).hasSize(10);
        List<String> first = channels.stream().map(c -> c.messages.getFirst()).toList();
        assertThat(first).filteredOn("Sure, here you go"::equals).hasSize(10);
        assertThat(first).filteredOn(t -> !t.equals("Sure, here you go")).hasSize(40)
                .allMatch(t -> t.equals("You've reached your limit: 10 of 10 requests per day used. "
                        + "It resets at 2025-01-16 00:00 UTC (in 14 h)."), "the friendly refusal");
    }

    @Test
    void a_failed_turn_costs_nothing_and_usage_shows_what_the_provider_reported() {
        start(Limits.none().with(Meter.of(Unit.REQUESTS, Period.DAY), 5), AccessList.everyone());
        openai.enqueue(Script.error(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}", Map.of()));
        assertThat(ask("111", ALICE, "hello?")).contains("unavailable");

        openai.enqueue(Script.tokens(Duration.ZERO, "Hi", "!").withUsage(1_200, 300));
        assertThat(ask("111", ALICE, "hello again")).isEqualTo("Hi!");

        String usage = ask("111", ALICE, "/usage");
        // 1,200 x $2.50 + 300 x $10.00 per million = $0.006
        assertThat(usage).contains("Today: 1 request, 1,500 tokens, ≈ $0.0060",
                "• 1 of 5 requests per day used, 4 left", "• resets at 2025-01-16 00:00 UTC (in 14 h)",
                "This month: 1 request, 1,500 tokens, ≈ $0.0060");
        assertThat(openai.requests()).hasSize(2);
    }

    @Test
    void the_heads_up_follows_the_answer_that_reaches_eighty_percent_and_comes_once() {
        start(Limits.none().with(Meter.of(Unit.REQUESTS, Period.DAY), 5), AccessList.everyone());
        List<RecordingReplyChannel> turns = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            RecordingReplyChannel c = send("111", ALICE, "q" + i);
            turns.add(c);
            await("answer " + i, () -> !c.messages.isEmpty());
        }
        await("the heads-up", () -> turns.get(3).messages.size() == 2);
        assertThat(turns.get(3).messages.get(1))
                .isEqualTo("Heads-up: you've used 4 of your 5 requests per day (80%). It resets at 2025-01-16 00:00 UTC (in 14 h).");
        assertThat(turns.get(2).messages).hasSize(1);
        assertThat(turns.get(4).messages).hasSize(1);
    }

    @Test
    void the_day_rolls_over_at_midnight_of_the_configured_zone() {
        start(Limits.none().with(Meter.of(Unit.REQUESTS, Period.DAY), 1), AccessList.everyone());
        assertThat(ask("111", ALICE, "first")).isEqualTo("You said: first");
        clock.set(Instant.parse("2025-01-15T23:59:59Z"));
        assertThat(ask("111", ALICE, "second")).startsWith("You've reached your limit: 1 of 1 request per day used.")
                .endsWith("(in 1 s).");
        clock.set(Instant.parse("2025-01-16T00:00:00Z"));
        assertThat(ask("111", ALICE, "third")).isEqualTo("You said: third");
        assertThat(openai.requests()).hasSize(2);
    }

    @Test
    void a_burst_beyond_the_rate_limit_is_refused_until_the_next_minute() {
        start(Limits.none().with(Meter.of(Unit.REQUESTS, Period.MINUTE), 2), AccessList.everyone());
        clock.set(Instant.parse("2025-01-15T10:00:20Z"));
        ask("111", ALICE, "one");
        ask("111", ALICE, "two");
        assertThat(ask("111", ALICE, "three"))
                .isEqualTo("Easy there! You can send at most 2 requests per minute. Please try again in 40 s.");
        clock.advance(Duration.ofSeconds(40));
        assertThat(ask("111", ALICE, "four")).isEqualTo("You said: four");
        assertThat(openai.requests()).hasSize(3);
    }

    @Test
    void outside_the_access_list_users_get_a_polite_refusal_and_no_model_call() {
        start(Limits.none(), new AccessList(List.of("test:111", "test:friends")));
        assertThat(ask("222", BOB, "hi")).isEqualTo("Sorry, this bot is private. Ask its admin to let you in.");
        assertThat(ask("222", BOB, "/usage")).isEqualTo("Sorry, this bot is private. Ask its admin to let you in.");
        assertThat(ask("friends", BOB, "hi from the group")).isEqualTo("You said: [Bob] hi from the group");
        assertThat(ask("111", ALICE, "hi")).isEqualTo("You said: hi");
        assertThat(ask("999", ADMIN, "hi")).as("admins are always let in").isEqualTo("You said: hi");
        assertThat(openai.requests()).hasSize(3);
    }

    @Test
    void an_admin_bans_by_replying_and_the_banned_user_costs_no_model_call() {
        start(Limits.none(), AccessList.everyone());
        assertThat(ask("friends", ADMIN, "/ban", BOB)).isEqualTo("Done: @bob is banned.");
        assertThat(ask("friends", BOB, "hello")).startsWith("Sorry, you can't use this bot.");
        assertThat(ask("friends", ADMIN, "/ban", ADMIN)).isEqualTo("Admins can't be banned.");
        assertThat(ask("friends", ADMIN, "/unban @bob")).isEqualTo("Done: @bob is no longer banned.");
        assertThat(ask("friends", BOB, "hello")).isEqualTo("You said: [Bob] hello");
        assertThat(openai.requests()).hasSize(1);
    }

    @Test
    void limits_set_by_reply_by_name_and_for_everyone_apply_to_the_next_message() {
        start(Limits.none(), AccessList.everyone());
        ask("friends", BOB, "hi, I am Bob"); // now the bot knows @bob
        assertThat(ask("friends", ADMIN, "/limit 1 requests/day", ALICE))
                .isEqualTo("Done: @alice may now use 1 request per day.");
        assertThat(ask("friends", ADMIN, "/limit default 2 requests/day"))
                .isEqualTo("Done: everyone without a limit of their own may now use 2 requests per day.");
        assertThat(ask("friends", ADMIN, "/limit @carol 2 requests/day"))
                .isEqualTo("I haven't seen @carol yet. Ask them to send me a message first, or use their numeric id.");

        assertThat(ask("friends", ALICE, "one")).isEqualTo("You said: [Alice] one");
        assertThat(ask("friends", ALICE, "two")).startsWith("You've reached your limit: 1 of 1 request per day used.");
        assertThat(ask("friends", BOB, "two")).isEqualTo("You said: [Bob] two");
        assertThat(ask("friends", BOB, "three")).startsWith("You've reached your limit: 2 of 2 requests per day used.");

        assertThat(ask("friends", ADMIN, "/unlimit @bob")).isEqualTo("Done: @bob is back to the default limits.");
        assertThat(ask("friends", ADMIN, "/limit @bob unlimited requests/day"))
                .isEqualTo("Done: @bob has no limit on requests per day now.");
        assertThat(ask("friends", BOB, "four")).isEqualTo("You said: [Bob] four");
        assertThat(ask("friends", ADMIN, "/unlimit default"))
                .isEqualTo("Done: the defaults set in the chat are gone; the configured ones apply.");
    }

    @Test
    void non_admins_get_a_short_refusal_and_change_nothing() {
        start(Limits.none().with(Meter.of(Unit.REQUESTS, Period.DAY), 2), AccessList.everyone());
        assertThat(ask("111", ALICE, "/limit @alice 100 requests/day")).isEqualTo("Sorry, only the bot's admins can do that.");
        assertThat(ask("111", ALICE, "/ban @bob")).isEqualTo("Sorry, only the bot's admins can do that.");
        assertThat(ask("111", ALICE, "/usage @bob")).startsWith("Only admins can look at other people's usage.");
        ask("111", ALICE, "one");
        ask("111", ALICE, "two");
        assertThat(ask("111", ALICE, "three")).startsWith("You've reached your limit: 2 of 2 requests per day used.");
    }

    @Test
    void a_malformed_admin_command_gets_the_reason_and_the_grammar() {
        start(Limits.none(), AccessList.everyone());
        String answer = ask("999", ADMIN, "/limit @alice 50 tokns/day");
        assertThat(answer).startsWith("I don't know the unit \"tokns\". Use requests, tokens, usd or images.\n\nAdmin commands:")
                .contains("/limit <user> <amount> <unit>/<period>");
    }

    @Test
    void a_turn_makes_three_sequential_redis_round_trips() {
        RoundTrips roundTrips = new RoundTrips();
        start(Limits.none().with(Meter.of(Unit.TOKENS, Period.DAY), 100_000), AccessList.everyone(),
                roundTrips.wrap(redis.commands()));
        // the first turn loads the scripts into Redis and notes the username
        assertThat(ask("111", ALICE, "warm up")).isEqualTo("You said: warm up");
        await("the first turn to end", () -> lanes.activeChats() == 0);
        roundTrips.reset();

        assertThat(ask("111", ALICE, "measured")).isEqualTo("You said: measured");
        await("the turn to end", () -> lanes.activeChats() == 0);

        // history + settings + defaults; reserve; append + settle + statistics
        assertThat(roundTrips.sequential()).as(roundTrips.describe()).isEqualTo(3);
    }

    @Test
    void the_inbox_marks_an_answer_complete_without_a_round_trip_of_its_own() throws Exception {
        RoundTrips roundTrips = new RoundTrips();
        RedisClusterAsyncCommands<String, String> commands = roundTrips.wrap(redis.commands());
        start(Limits.none().with(Meter.of(Unit.TOKENS, Period.DAY), 100_000), AccessList.everyone(), commands);
        Inbox inbox = new Inbox(new RedisInboxStore(commands, keys), PLATFORM, Duration.ofMinutes(10), engine::submit);
        RecordingReplyChannel warmUp = new RecordingReplyChannel();
        inbox.receive(new InboxEvent("1", "warm up", message("warm up"), warmUp)).answered().get(30, TimeUnit.SECONDS);
        roundTrips.reset();

        RecordingReplyChannel channel = new RecordingReplyChannel();
        inbox.receive(new InboxEvent("2", "measured", message("measured"), channel)).answered().get(30, TimeUnit.SECONDS);

        assertThat(channel.messages).containsExactly("You said: measured");
        // record; the turn's three (the complete mark rides with the append); forget
        assertThat(roundTrips.sequential()).as(roundTrips.describe()).isEqualTo(5);
    }

    InboundMessage message(String text) {
        return new InboundMessage(new ChatKey(PLATFORM, "111", null), "m" + messageIds.incrementAndGet(), ALICE,
                text, InboundMessage.Kind.TEXT, true, true, null, null);
    }
}
