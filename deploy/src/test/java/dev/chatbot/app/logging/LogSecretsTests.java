package dev.chatbot.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which settings count as secrets, and that their values are masked whatever their shape. */
class LogSecretsTests {

    /** A value no other test registers: the registry is process-wide. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Test
    void every_token_key_secret_and_password_the_app_reads_is_masked_whatever_its_shape() {
        List<String> names = List.of("BOT_TELEGRAM_TOKEN", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY",
                "AZURE_OPENAI_API_KEY", "BOT_TELEGRAM_WEBHOOK_SECRET", "bot.telegram.webhook-secret",
                "bot.providers[2].api-key", "bot.providers[0].headers.X-Api-Key", "bot.providers[0].headers[Authorization]",
                "BOT_DISCORD_TOKEN", "BOT_WECHAT_MP_TOKEN", "BOT_WECHAT_MP_APP_SECRET", "BOT_WECHAT_MP_AES_KEY",
                "BOT_WECOM_SECRET", "BOT_WECOM_TOKEN", "BOT_WECOM_AES_KEY", "BOT_WECOM_BOT_TOKEN",
                "BOT_WECOM_BOT_AES_KEY");
        for (String name : names) {
            String value = unique("v");
            LogSecrets.addSetting(name, value);
            assertThat(LogSecrets.mask("echo: " + value + ".")).as(name).isEqualTo("echo: ***.");
        }
    }

    @Test
    void settings_that_are_no_secrets_stay_readable() {
        for (String name : List.of("BOT_WECHAT_MP_APP_ID", "BOT_WECOM_CORP_ID", "BOT_LIMITS_TOKENS_PER_DAY",
                "bot.redis.key-prefix", "bot.models[0].max-output-tokens", "OPENAI_BASE_URL")) {
            String value = unique("plain");
            LogSecrets.addSetting(name, value);
            assertThat(LogSecrets.mask(value)).as(name).isEqualTo(value);
        }
    }

    @Test
    void a_url_password_is_masked_by_shape_however_short() {
        assertThat(LogSecrets.mask("redis://:pw@host:6379 and rediss://admin:x1@h/0"))
                .isEqualTo("redis://:***@host:6379 and rediss://admin:***@h/0");
    }

    @Test
    void the_password_of_a_url_is_masked_but_not_the_rest_of_it() {
        String password = unique("pw");
        LogSecrets.addSetting("BOT_REDIS_URL", "redis://:" + password + "@redis.internal:6379/0");
        assertThat(LogSecrets.mask("cannot reach redis://:" + password + "@redis.internal:6379/0"))
                .isEqualTo("cannot reach redis://:***@redis.internal:6379/0");
    }

    @Test
    void a_secret_is_masked_url_encoded_too_and_a_longer_one_containing_it_whole() {
        String short1 = unique("k+/");
        String longer = short1 + "-and-more";
        LogSecrets.add(short1);
        LogSecrets.add(longer);
        assertThat(LogSecrets.mask("a=" + longer + " b=" + java.net.URLEncoder.encode(short1, java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("a=*** b=***");
    }

    @Test
    void shapes_are_still_masked_and_very_short_values_are_not_taken_as_secrets() {
        assertThat(LogSecrets.mask("GET https://api.telegram.org/bot123:AAH-x_y/getMe with Bearer abc.def-123"))
                .isEqualTo("GET https://api.telegram.org/***/getMe with ***");
        assertThat(LogSecrets.mask("key sk-proj-abcdefgh12 and AIzaSyA1234567890abcdefghij"))
                .isEqualTo("key *** and ***");
        LogSecrets.add("ollama");
        LogSecrets.add("abc");
        assertThat(LogSecrets.mask("provider local (abc)")).isEqualTo("provider local (abc)");
    }
}
