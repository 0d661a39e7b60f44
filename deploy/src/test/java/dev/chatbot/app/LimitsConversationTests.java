package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.FakeTelegramServer.SentMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fair use end to end: admins set limits from Telegram, users are served up to them, real Redis. */
class LimitsConversationTests {

    static final long ADA = 111;     // the admin
    static final long BOB = 222;
    static final long CAROL = 333;
    static final long GROUP = -1001234567890L;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String RESET_TOMORROW = "It resets at \\d{4}-\\d{2}-\\d{2} 00:00 UTC \\(in [^)]+\\)\\.";

    RunningBot bot;
    FakeTelegramServer telegram;

    RunningBot start(RunningBot configured) {
        bot = configured.with("bot.admins", "telegram:" + ADA).start();
        telegram = bot.telegram;
        return bot;
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    /**
     * Sends a private message and returns the bot's next message in that chat. Only for messages
     * sent whole (command answers, refusals); answers stream in, so wait for those with {@link #answered}.
     */
    String privately(long user, String name, String text) {
        int before = telegram.botMessages(user).size();
        telegram.privateText(user, name, "en", text);
        return nextMessage(user, before);
    }

    String inGroup(long user, String name, String text) {
        int before = telegram.botMessages(GROUP).size();
        telegram.groupText(GROUP, user, name, text);
        return nextMessage(GROUP, before);
    }

    String nextMessage(long chat, int index) {
        telegram.await(WAIT, "bot message #" + index + " in " + chat, t -> t.botMessages(chat).size() > index);
        return telegram.botMessages(chat).get(index).text();
    }

    /** Sends a private message and waits until the bot's answer reads {@code answer} in full. */
    void asks(long user, String name, String text, String answer) {
        telegram.privateText(user, name, "en", text);
        answered(user, answer);
    }

    void answered(long chat, String answer) {
        telegram.await(WAIT, "the answer '" + answer + "' in " + chat, t -> texts(chat).contains(answer));
    }

    List<String> texts(long chat) {
        return telegram.botMessages(chat).stream().map(SentMessage::text).toList();
    }

    @Test
    void an_admin_sets_a_limit_the_user_is_served_up_to_it_then_refused_with_the_reset_time() {
        start(new RunningBot());
        assertThat(privately(ADA, "Ada", "/limit " + BOB + " 2 requests/day"))
                .isEqualTo("Done: " + BOB + " may now use 2 requests per day.");

        asks(BOB, "Bob", "one", "You said: one");
        asks(BOB, "Bob", "two", "You said: two");
        telegram.await(WAIT, "the heads-up", t -> texts(BOB).size() == 3);
        assertThat(texts(BOB).get(2)).startsWith("Heads-up: you've used 2 of your 2 requests per day (100%).");

        String refusal = privately(BOB, "Bob", "three");
        assertThat(refusal).startsWith("You've reached your limit: 2 of 2 requests per day used. ");
        assertThat(refusal.substring("You've reached your limit: 2 of 2 requests per day used. ".length()))
                .matches(RESET_TOMORROW);
        assertThat(bot.openai.requests()).hasSize(2);
    }

    @Test
    void a_non_admins_limit_is_refused_and_changes_nothing() {
        start(new RunningBot().with("bot.limits.requests-per-day", "2").with("bot.timezone", "Asia/Shanghai"));
        assertThat(privately(BOB, "Bob", "/limit @bob 100 requests/day")).isEqualTo("Sorry, only the bot's admins can do that.");
        assertThat(privately(BOB, "Bob", "/limit default unlimited requests/day")).isEqualTo("Sorry, only the bot's admins can do that.");
        assertThat(privately(BOB, "Bob", "/ban @ada")).isEqualTo("Sorry, only the bot's admins can do that.");
        assertThat(privately(BOB, "Bob", "/stats")).isEqualTo("Sorry, only the bot's admins can do that.");

        asks(BOB, "Bob", "one", "You said: one");
        asks(BOB, "Bob", "two", "You said: two");
        telegram.privateText(BOB, "Bob", "en", "three");
        telegram.await(WAIT, "refusal", t -> texts(BOB).stream().anyMatch(s -> s.startsWith("You've reached your limit")));
        assertThat(texts(BOB).getLast()).startsWith("You've reached your limit: 2 of 2 requests per day used.")
                .contains(" 00:00 Asia/Shanghai (in ");
        assertThat(bot.openai.requests()).hasSize(2);
    }

    @Test
    void a_wrong_time_zone_or_a_negative_limit_stops_start_up_with_a_clear_error() {
        try (RunningBot wrongZone = new RunningBot().with("bot.timezone", "Mars/Olympus_Mons")) {
            assertThatThrownBy(wrongZone::start).hasStackTraceContaining("BOT_TIMEZONE 'Mars/Olympus_Mons' is not a time zone");
        }
        try (RunningBot negative = new RunningBot().with("bot.limits.tokens-per-day", "-5")) {
            assertThatThrownBy(negative::start).hasStackTraceContaining("tokens/day cannot be negative");
        }
    }

    @Test
    void usage_shows_the_tokens_the_provider_reported_and_admins_see_anyones() {
        start(new RunningBot().with("bot.limits.tokens-per-day", "10000"));
        bot.openai.enqueue(Script.text("Hello there", Duration.ZERO).withUsage(1_200, 345));
        bot.openai.enqueue(Script.text("Hi again", Duration.ZERO).withUsage(800, 55));
        asks(BOB, "Bob", "hello", "Hello there");
        asks(BOB, "Bob", "hello again", "Hi again");

        String usage = privately(BOB, "Bob", "/usage");
        assertThat(usage).startsWith("Your usage\n")
                .contains("Today: 2 requests, 2,400 tokens, ≈ $0.00", "• 2,400 of 10,000 tokens per day used, 7,600 left",
                        "This month: 2 requests, 2,400 tokens");
        assertThat(usage.lines().filter(l -> l.startsWith("• resets ")).findFirst().orElseThrow()
                .substring("• resets ".length())).matches("at \\d{4}-\\d{2}-\\d{2} 00:00 UTC \\(in [^)]+\\)");

        assertThat(privately(ADA, "Ada", "/usage @bob")).startsWith("Usage of @bob\n")
                .contains("Today: 2 requests, 2,400 tokens");
        assertThat(privately(BOB, "Bob", "/usage @ada")).startsWith("Only admins can look at other people's usage.");
    }

    @Test
    void a_failed_answer_costs_the_user_nothing() {
        start(new RunningBot());
        // down for every retry too
        bot.openai.respondWith(r -> Script.error(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}", java.util.Map.of()));
        telegram.privateText(BOB, "Bob", "en", "hello?");
        telegram.await(WAIT, "the apology", t -> texts(BOB).stream().anyMatch(m -> m.contains("unavailable")));
        assertThat(privately(BOB, "Bob", "/usage")).contains("Today: 0 requests, 0 tokens");
    }

    @Test
    void in_a_group_an_admin_limits_bans_and_reviews_a_user_by_replying_to_their_message() {
        start(new RunningBot());
        String mention = "@" + FakeTelegramServer.BOT_USERNAME + " ";
        telegram.groupText(GROUP, BOB, "Bob", mention + "hi");
        answered(GROUP, "You said: [Bob] hi");

        int before = telegram.botMessages(GROUP).size();
        telegram.groupReplyToUser(GROUP, ADA, "Ada", BOB, "Bob", "/limit 1 requests/day");
        assertThat(nextMessage(GROUP, before)).isEqualTo("Done: @bob may now use 1 request per day.");
        // the first answer's settle may land after the new limit and add a heads-up first: look past it
        before = telegram.botMessages(GROUP).size();
        telegram.groupText(GROUP, BOB, "Bob", mention + "again");
        int from = before;
        telegram.await(WAIT, "the refusal", t -> t.botMessages(GROUP).stream().skip(from)
                .anyMatch(m -> m.text().startsWith("You've reached your limit: 1 of 1 request per day used.")));
        telegram.groupText(GROUP, CAROL, "Carol", mention + "me too");
        answered(GROUP, "You said: [Carol] me too");

        before = telegram.botMessages(GROUP).size();
        telegram.groupReplyToUser(GROUP, ADA, "Ada", CAROL, "Carol", "/ban");
        assertThat(nextMessage(GROUP, before)).isEqualTo("Done: @carol is banned.");
        assertThat(inGroup(CAROL, "Carol", mention + "still there?")).startsWith("Sorry, you can't use this bot.");

        String stats = inGroup(ADA, "Ada", "/stats");
        assertThat(stats).startsWith("Today (").contains("• gpt-4o-mini: 2 requests", "Top users:", "• @bob: 1 request",
                "• @carol: 1 request", "This month (");
        assertThat(bot.openai.requests()).hasSize(2);
    }

    @Test
    void the_access_list_serves_listed_users_listed_groups_and_admins_only() {
        start(new RunningBot().with("bot.allowed", "telegram:" + BOB + ",telegram:" + GROUP));
        assertThat(privately(CAROL, "Carol", "hello")).isEqualTo("Sorry, this bot is private. Ask its admin to let you in.");
        asks(BOB, "Bob", "hello", "You said: hello");
        asks(ADA, "Ada", "hello", "You said: hello");
        telegram.groupText(GROUP, CAROL, "Carol", "@" + FakeTelegramServer.BOT_USERNAME + " hi");
        answered(GROUP, "You said: [Carol] hi");
        assertThat(bot.openai.requests()).hasSize(3);
    }

    @Test
    void admins_see_the_grammar_in_help_and_a_malformed_command_gets_it_back_with_the_reason() {
        start(new RunningBot());
        assertThat(privately(ADA, "Ada", "/help")).contains("/usage", "Admin commands:",
                "/limit <user> <amount> <unit>/<period>", "/limit @alice 50 requests/day");
        assertThat(privately(BOB, "Bob", "/help")).contains("/usage").doesNotContain("Admin commands:");
        assertThat(privately(ADA, "Ada", "/limit @bob 5 tokns/day"))
                .startsWith("I don't know the unit \"tokns\". Use requests, tokens, usd or images.\n\nAdmin commands:");
        assertThat(privately(ADA, "Ada", "/limit @nobody 5 tokens/day")).startsWith("I haven't seen @nobody yet.");
        assertThat(telegram.calls("setMyCommands").getFirst().body().path("commands").toString()).contains("\"usage\"");
    }

    @Test
    void an_id_no_user_can_have_is_refused_like_any_unreadable_user() {
        start(new RunningBot());
        assertThat(privately(ADA, "Ada", "/usage 99999999999999999999"))
                .startsWith("I can't tell who \"99999999999999999999\" is.");
        assertThat(privately(ADA, "Ada", "/limit -1 5 requests/day")).startsWith("I can't tell who \"-1\" is.");
        assertThat(privately(ADA, "Ada", "/ban telegram:0")).startsWith("I can't tell who \"telegram:0\" is.");
        assertThat(privately(ADA, "Ada", "/usage " + BOB)).startsWith("Usage of " + BOB + "\n");
    }
}
