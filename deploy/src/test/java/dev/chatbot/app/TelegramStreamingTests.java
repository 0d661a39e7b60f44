package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.FakeTelegramServer.Call;
import dev.chatbot.testsupport.FakeTelegramServer.SentMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How answers grow on Telegram: drafts, pacing, flood control, long answers and formatting, end to end. */
class TelegramStreamingTests {

    static final long ALICE = 111;
    static final long GROUP = -1001234567890L;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Set<String> MESSAGE_CALLS = Set.of("sendmessage", "editmessagetext", "sendmessagedraft");

    RunningBot bot;
    FakeTelegramServer telegram;

    RunningBot start(RunningBot configured) {
        bot = configured.start();
        telegram = bot.telegram;
        return bot;
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    void awaitBotText(long chatId, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    /** Sends, edits and drafts to one chat, in the order the fake received them. */
    List<Call> messageCalls(long chatId) {
        return telegram.calls().stream().filter(c -> MESSAGE_CALLS.contains(c.method()) && c.chatId() == chatId).toList();
    }

    static String mention(String text) {
        return "@" + FakeTelegramServer.BOT_USERNAME + " " + text;
    }

    @Test
    void a_group_answer_keeps_to_about_twenty_sends_and_edits_a_minute_with_the_default_interval() {
        start(new RunningBot().withDefault("bot.telegram.group-edit-interval"));
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(400), "One", " two", " three", " four", " five", " six",
                " seven", " eight", " nine", " ten", " eleven", " twelve", " thirteen", " fourteen", " fifteen", "."));

        telegram.groupText(GROUP, ALICE, "Alice", mention("count to fifteen"));

        awaitBotText(GROUP, 0, "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen.");
        List<Call> calls = messageCalls(GROUP);
        assertThat(calls.size()).as("several calls while the answer grew").isGreaterThanOrEqualTo(3);
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).atNanos() - calls.get(i - 1).atNanos();
            assertThat(gap).as("gap before call %d of %s", i, calls).isGreaterThanOrEqualTo(Duration.ofMillis(2950).toNanos());
        }
        assertThat(telegram.botMessages(GROUP)).hasSize(1);
    }

    @Test
    void a_429_with_retry_after_2_is_waited_out_and_the_final_text_is_still_exact() {
        start(new RunningBot());
        telegram.floodNext("sendMessageDraft", 1, 2);
        telegram.floodNext("editMessageText", 1, 2);
        bot.openai.respondWith(r -> r.lastUserMessage().equals("wait for it")
                ? Script.tokens(Duration.ofMillis(100), "Patience", " is", " a", " virtue", ",", " they", " say", ".")
                : Script.tokens(Duration.ofMillis(300), "Groups", " wait", " too", ",", " all", " of", " them", "."));
        telegram.privateText(ALICE, "Alice", "en", "wait for it");
        telegram.groupText(GROUP, ALICE, "Alice", mention("and here?"));

        awaitBotText(ALICE, 0, "Patience is a virtue, they say.");
        awaitBotText(GROUP, 0, "Groups wait too, all of them.");
        for (long chat : new long[] {ALICE, GROUP}) {
            List<Call> calls = messageCalls(chat);
            int flooded = indexOfFirstFlood(calls);
            assertThat(flooded).as("a call in chat %d was answered with 429: %s", chat, calls).isNotNegative();
            assertThat(flooded).isLessThan(calls.size() - 1);
            long waited = calls.get(flooded + 1).atNanos() - calls.get(flooded).atNanos();
            assertThat(waited).as("the next call in chat %d waited out retry_after", chat)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1950).toNanos());
        }
        assertThat(telegram.botMessages(ALICE)).hasSize(1);
        assertThat(telegram.botMessages(GROUP)).hasSize(1);
    }

    /** The first draft in a private chat and the first edit in a group are the ones the fake floods. */
    private static int indexOfFirstFlood(List<Call> calls) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).method().equals("sendmessagedraft") || calls.get(i).method().equals("editmessagetext")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void a_nine_thousand_character_answer_with_a_code_block_across_the_cut_arrives_whole_in_three_messages() {
        start(new RunningBot());
        StringBuilder answer = new StringBuilder();
        List<String> codeLines = new ArrayList<>();
        // prose, then a code block long enough that the first cut can only fall inside it
        for (int i = 0; i < 12; i++) {
            answer.append("Paragraph ").append(i).append(": ").append("lorem ipsum dolor sit amet ".repeat(4).strip()).append(".\n\n");
        }
        answer.append("```java\n");
        for (int i = 0; i < 100; i++) {
            String line = "int value" + i + " = compute(" + i + "); // step " + i;
            codeLines.add(line);
            answer.append(line).append('\n');
        }
        answer.append("```\n\n");
        for (int i = 0; answer.length() < 9000; i++) {
            answer.append("Closing thought ").append(i).append(": ").append("consectetur adipiscing elit ".repeat(3).strip()).append(".\n\n");
        }
        String source = answer.toString().strip();
        bot.openai.enqueue(Script.text(source, Duration.ZERO));

        telegram.privateText(ALICE, "Alice", "en", "write a lot");

        telegram.await(WAIT, "three messages, the last one ending the answer", t -> t.botMessages(ALICE).size() == 3
                && t.botMessages(ALICE).get(2).text().endsWith(source.substring(source.lastIndexOf("Closing thought"))));
        List<SentMessage> parts = telegram.botMessages(ALICE);
        assertThat(parts).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(4096));
        assertThat(parts).allSatisfy(p -> assertThat(p.text()).doesNotContain("```"));
        assertThat(parts.get(1).replyTo()).as("each part replies to the one before").isEqualTo(parts.get(0).messageId());
        assertThat(parts.get(2).replyTo()).isEqualTo(parts.get(1).messageId());

        // the code block was closed at the cut and reopened in the next part, with its language
        JsonNode firstEntities = parts.get(0).entities();
        JsonNode lastOfFirst = firstEntities.get(firstEntities.size() - 1);
        assertThat(lastOfFirst.path("type").asString()).isEqualTo("pre");
        assertThat(lastOfFirst.path("language").asString()).isEqualTo("java");
        assertThat(lastOfFirst.path("offset").asInt() + lastOfFirst.path("length").asInt()).isEqualTo(parts.get(0).text().length());
        JsonNode firstOfSecond = parts.get(1).entities().get(0);
        assertThat(firstOfSecond.path("type").asString()).isEqualTo("pre");
        assertThat(firstOfSecond.path("language").asString()).isEqualTo("java");
        assertThat(firstOfSecond.path("offset").asInt()).isZero();

        // nothing lost, nothing doubled: every code line once, and the whole text in order
        String all = String.join("\n", parts.stream().map(SentMessage::text).toList());
        for (String line : codeLines) {
            assertThat(all.split(java.util.regex.Pattern.quote(line), -1).length - 1).as(line).isEqualTo(1);
        }
        String expected = source.replace("```java\n", "").replace("```\n", "");
        assertThat(normalize(all)).isEqualTo(normalize(expected));
        assertThat(telegram.calls("editMessageText")).as("parts are sent once they are full, never edited").isEmpty();
    }

    static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Test
    void formatting_arrives_as_entities_even_around_emoji_cjk_unclosed_markup_and_a_link_at_a_cut() {
        start(new RunningBot());
        String nasty = "你好 **粗体** 😀 *斜体* and [a link](https://example.com/a_b) `x = 1` **注意：**备份 and **unclosed";
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(20), words(nasty)));
        telegram.privateText(ALICE, "Alice", "en", "format something");

        awaitBotText(ALICE, 0, "你好 粗体 😀 斜体 and a link x = 1 注意：备份 and **unclosed");
        SentMessage message = telegram.botMessages(ALICE).getFirst();
        assertThat(covered(message)).containsExactly("bold:粗体", "italic:斜体", "text_link:a link", "code:x = 1", "bold:注意：");
        // every draft was accepted (the fake checks entity bounds in UTF-16 units), or the chat would have fallen back to edits
        assertThat(telegram.calls("sendMessageDraft", ALICE).size()).isGreaterThanOrEqualTo(2);
        assertThat(telegram.calls("editMessageText")).isEmpty();

        String longParagraph = "word ".repeat(810) + "see [the documentation](https://example.com/docs) please " + "word ".repeat(100);
        bot.openai.enqueue(Script.text(longParagraph.strip(), Duration.ZERO));
        telegram.privateText(ALICE, "Alice", "en", "one long paragraph");
        telegram.await(WAIT, "the long paragraph in two parts", t -> t.botMessages(ALICE).size() == 3
                && t.botMessages(ALICE).get(2).text().endsWith("word"));
        SentMessage first = telegram.botMessages(ALICE).get(1);
        SentMessage second = telegram.botMessages(ALICE).get(2);
        assertThat(first.text()).endsWith("see");
        assertThat(second.text()).startsWith("the documentation please");
        assertThat(covered(second)).containsExactly("text_link:the documentation");
        assertThat(second.entities().get(0).path("url").asString()).isEqualTo("https://example.com/docs");
    }

    /** Each entity of a message as "type:covered text". */
    static List<String> covered(SentMessage m) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : m.entities()) {
            int offset = e.path("offset").asInt();
            out.add(e.path("type").asString() + ":" + m.text().substring(offset, offset + e.path("length").asInt()));
        }
        return out;
    }

    static String[] words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        out.add(text.substring(start));
        return out.toArray(String[]::new);
    }

    @Test
    void typing_shows_again_every_few_seconds_until_the_first_text_appears() {
        start(new RunningBot());
        bot.openai.enqueue(Script.tokens(Duration.ofSeconds(9), "Finally here."));
        telegram.privateText(ALICE, "Alice", "en", "think hard");

        awaitBotText(ALICE, 0, "Finally here.");
        List<Call> typing = telegram.calls("sendChatAction", ALICE);
        long firstText = messageCalls(ALICE).getFirst().atNanos();
        assertThat(typing.size()).as("typing repeated while the model thought").isGreaterThanOrEqualTo(2);
        assertThat(typing).allSatisfy(c -> assertThat(c.atNanos()).isLessThan(firstText));
        for (int i = 1; i < typing.size(); i++) {
            assertThat(typing.get(i).atNanos() - typing.get(i - 1).atNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(3900).toNanos());
        }
    }

    @Test
    void a_chat_that_refuses_drafts_gets_its_answers_by_editing_from_then_on() {
        start(new RunningBot());
        telegram.failNext("sendMessageDraft", 100, 400,
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: TEXTDRAFT_PEER_INVALID\"}");
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(100), "Still", " here", ",", " just", " edited", "."));
        telegram.privateText(ALICE, "Alice", "en", "drafts off");
        awaitBotText(ALICE, 0, "Still here, just edited.");
        assertThat(telegram.botMessages(ALICE).getFirst().edits()).isGreaterThanOrEqualTo(1);

        bot.openai.enqueue(Script.tokens(Duration.ofMillis(100), "Second", " answer", " edits", " too", "."));
        telegram.privateText(ALICE, "Alice", "en", "again");
        awaitBotText(ALICE, 1, "Second answer edits too.");
        assertThat(telegram.calls("sendMessageDraft")).as("tried once, then remembered for the chat").hasSize(1);
    }
}
