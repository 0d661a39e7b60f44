package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.TestRecordings;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Voice messages through the whole app: the fake OpenAI's /audio/transcriptions hears them, the answer follows. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelegramVoiceTests {

    static final Duration WAIT = Duration.ofSeconds(20);

    RunningBot bot;
    FakeTelegramServer telegram;

    @BeforeAll
    void start() {
        bot = new RunningBot().start();
        telegram = bot.telegram;
        bot.openai.transcribeWith(t -> t.audio().length == 5000 ? "what is the capital of France" : "something else");
    }

    @AfterAll
    void stop() {
        bot.close();
    }

    void awaitBotText(long chatId, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    @Test
    void a_voice_message_is_transcribed_shown_answered_and_kept_in_history() {
        byte[] voice = TestRecordings.ogg(5000);
        telegram.privateVoice(111, "Alice", "en", voice, 4);
        awaitBotText(111, 0, "\uD83C\uDFA4 \u201Cwhat is the capital of France\u201D");
        awaitBotText(111, 1, "You said: what is the capital of France");

        FakeOpenAiServer.Transcription heard = bot.openai.transcriptions().getLast();
        assertThat(heard.model()).isEqualTo("whisper-1");
        assertThat(heard.fileName()).isEqualTo("voice.ogg");
        assertThat(heard.audio()).isEqualTo(voice);

        telegram.privateText(111, "Alice", "en", "and of Spain?");
        awaitBotText(111, 2, "You said: and of Spain?");
        assertThat(bot.openai.requests().getLast().messages())
                .contains("user: what is the capital of France", "assistant: You said: what is the capital of France");
    }

    @Test
    void an_hour_long_recording_and_an_unknown_format_are_refused_without_any_call() {
        int transcriptions = bot.openai.transcriptions().size();
        int downloads = telegram.calls("getfile").size();
        telegram.privateVoice(222, "Bob", "en", TestRecordings.ogg(5000), 3600);
        awaitBotText(222, 0, "Sorry, that recording is too long for me (at most 5 minutes). "
                + "Please send a shorter one, or type your question.");
        assertThat(telegram.calls("getfile")).as("nothing downloaded").hasSize(downloads);
        telegram.privateVoice(222, "Bob", "en", TestRecordings.amr(3000), 3);
        awaitBotText(222, 1, "Sorry, I can't transcribe that audio format. Please send a voice message, "
                + "or an MP3, M4A, OGG, WAV or WebM file.");
        assertThat(bot.openai.transcriptions()).hasSize(transcriptions);
        assertThat(bot.openai.requests().stream().filter(r -> r.messages().stream().anyMatch(m -> m.contains("Bob")))).isEmpty();
    }
}
