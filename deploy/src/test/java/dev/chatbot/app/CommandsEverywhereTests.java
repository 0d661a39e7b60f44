package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.commands.CommandCatalogue;
import dev.chatbot.core.commands.CommandSpec;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.testsupport.FakeTelegramServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every command the app runs, as wired, shows up where users look for it: in /help (admin commands
 * in the admins' /help), in Telegram's menus with a description in English and Chinese.
 */
class CommandsEverywhereTests {

    static final long ADA = 111; // the admin
    static final long BOB = 222;
    static final Duration WAIT = Duration.ofSeconds(15);

    RunningBot bot;
    FakeTelegramServer telegram;
    CommandCatalogue commands;

    @BeforeEach
    void start() {
        bot = new RunningBot().with("bot.admins", "telegram:" + ADA).start();
        telegram = bot.telegram;
        commands = bot.bean(ConversationEngine.class).commands();
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    String help(long user, String name, String language) {
        telegram.privateText(user, name, language, "/help");
        telegram.await(WAIT, "help for " + name, t -> !t.botMessages(user).isEmpty());
        return telegram.botMessages(user).getFirst().text();
    }

    @Test
    void every_command_is_in_help_everyone_sees_theirs_and_admins_all() {
        assertThat(commands.all()).extracting(CommandSpec::name)
                .contains("ask", "new", "stop", "retry", "model", "models", "system", "image", "usage", "tools", "help", "start",
                        "limit", "unlimit", "ban", "unban", "stats");
        String admins = help(ADA, "Ada", "en");
        String everyone = help(BOB, "Bob", "zh-hans");
        for (CommandSpec spec : commands.all()) {
            assertThat(admins).as("the admins' /help").contains("/" + spec.name());
            if (spec.adminOnly()) {
                assertThat(everyone).as("everyone's /help").doesNotContain("/" + spec.name() + " ");
            } else {
                assertThat(everyone).as("everyone's /help").contains("/" + spec.name() + " ");
            }
        }
    }

    @Test
    void the_menus_show_what_everyone_may_run_in_order_in_english_and_chinese() {
        telegram.await(WAIT, "both menus", t -> t.calls("setMyCommands").size() == 2);
        List<String> everyone = commands.forEveryone().stream().map(CommandSpec::name).toList();
        // /image is new (issue 16): everyone's, after /system; /tools lists the chat's tools (its on|off form is for admins)
        assertThat(everyone).containsExactly("ask", "new", "stop", "retry", "model", "models", "system", "image", "usage", "tools",
                "help", "start");
        for (FakeTelegramServer.Call menu : telegram.calls("setMyCommands")) {
            String language = menu.body().path("language_code").asString("en");
            List<JsonNode> items = StreamSupport.stream(menu.body().path("commands").spliterator(), false).toList();
            assertThat(items).extracting(c -> c.path("command").asString()).as(language).isEqualTo(everyone);
            for (JsonNode item : items) {
                CommandSpec spec = commands.find(item.path("command").asString()).orElseThrow().spec();
                assertThat(item.path("description").asString()).isEqualTo(commands.description(spec, language));
            }
        }
    }

    @Test
    void every_command_has_its_own_description_in_english_and_in_chinese_short_enough_for_discord() throws IOException {
        Properties english = bundle("messages.properties");
        Properties chinese = bundle("messages_zh.properties");
        for (CommandSpec spec : commands.all()) {
            String key = "command." + spec.name();
            assertThat(english.getProperty(key)).as(key + " in English").isNotBlank().hasSizeLessThanOrEqualTo(100);
            assertThat(chinese.getProperty(key)).as(key + " in Chinese").isNotBlank().hasSizeLessThanOrEqualTo(100);
        }
    }

    /** One bundle file alone, without the fallback to English that the texts apply. */
    static Properties bundle(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ConversationEngine.class.getResourceAsStream("/dev/chatbot/core/i18n/" + file)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
