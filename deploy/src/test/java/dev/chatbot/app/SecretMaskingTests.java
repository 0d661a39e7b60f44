package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A provider whose 401 body echoes the key it was sent: whatever the key's shape, the log shows the
 * failure but never the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretMaskingTests {

    static final long ALICE = 111;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String AUTH_ERROR = "rejected the bot's API key";

    @TempDir
    Path dir;
    RunningBot bot;
    FakeOpenAiServer relay;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** Answers 401 with the key of the request's Authorization header in the body, as some relays do. */
    static Script echoingKey(FakeOpenAiServer.Request request) {
        String key = request.header("Authorization").substring("Bearer ".length());
        return Script.error(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + key
                + ". You can find your API key at https://example.com/keys.\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}", Map.of());
    }

    @Test
    void an_azure_shaped_openai_key_echoed_in_a_401_never_reaches_the_log(CapturedOutput output) {
        String key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"; // 32 hex digits, as Azure's keys are
        bot = new RunningBot().with("openai.api-key", key).start();
        bot.openai.respondWith(SecretMaskingTests::echoingKey);

        bot.telegram.privateText(ALICE, "Alice", "en", "Hi!");

        awaitFailureLogged(output, "openai");
        assertThat(bot.openai.requests().getLast().header("Authorization")).as("the key did go out").endsWith(key);
        assertThat(output.getAll()).contains("Incorrect API key provided: ***").doesNotContain(key);
    }

    @Test
    void a_relay_key_from_the_bot_config_file_echoed_in_a_401_never_reaches_the_log(CapturedOutput output)
            throws IOException {
        String key = "relay-KEY-7f3a9c2e5b1d0a4f";
        relay = new FakeOpenAiServer();
        relay.respondWith(SecretMaskingTests::echoingKey);
        Path config = dir.resolve("bot.yml");
        Files.writeString(config, """
                default-model: relay/echo-model
                providers:
                  - name: relay
                    type: openai
                    base-url: %s
                    api-key: ${SECRET_MASKING_TEST_UNSET_VAR:%s}
                """.formatted(relay.baseUrl(), key));
        bot = new RunningBot().with("bot.config", config.toString()).start();

        bot.telegram.privateText(ALICE, "Alice", "en", "Hi!");

        awaitFailureLogged(output, "relay");
        assertThat(relay.requests().getLast().header("Authorization")).as("the key did go out").endsWith(key);
        assertThat(output.getAll()).contains("Incorrect API key provided: ***").doesNotContain(key);
    }

    /** Waits for the user's error message and the log line of the failure: the masking is checked on a real line. */
    private void awaitFailureLogged(CapturedOutput output, String provider) {
        bot.telegram.await(WAIT, "the auth error in the chat",
                t -> t.botMessages(ALICE).stream().anyMatch(m -> m.text().contains(AUTH_ERROR)));
        RunningBot.awaitLog(output, "Answer failed: chat=telegram:" + ALICE + " provider=" + provider);
    }
}
