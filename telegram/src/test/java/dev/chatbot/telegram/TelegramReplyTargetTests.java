package dev.chatbot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import static org.assertj.core.api.Assertions.assertThat;

/** The author of a replied-to message, which admin commands use to name whom they are about. */
class TelegramReplyTargetTests {

    static final String GROUP = "{\"id\":-100987,\"type\":\"supergroup\",\"title\":\"Friends\"}";
    static final String ADA = "{\"id\":111,\"is_bot\":false,\"first_name\":\"Ada\",\"username\":\"ada\",\"language_code\":\"en\"}";
    static final String BOB = "{\"id\":222,\"is_bot\":false,\"first_name\":\"Bob\",\"last_name\":\"Builder\",\"username\":\"bob\"}";
    static final String BOT = "{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Test Bot\",\"username\":\"test_chat_bot\"}";
    static final String COMMAND = "\"text\":\"/ban\",\"entities\":[{\"type\":\"bot_command\",\"offset\":0,\"length\":4}]";

    final TelegramInboundMapper mapper = new TelegramInboundMapper(new BotIdentity(7000000001L, "test_chat_bot"));

    InboundMessage map(String replyTo, String extra) throws Exception {
        String json = "{\"update_id\":1,\"message\":{\"message_id\":20,\"date\":1736900000,\"chat\":" + GROUP
                + ",\"from\":" + ADA + "," + COMMAND + extra
                + (replyTo == null ? "" : ",\"reply_to_message\":" + replyTo) + "}}";
        return mapper.map(new ObjectMapper().readValue(json, Update.class)).orElseThrow();
    }

    static String message(int id, String from, String extra) {
        return "{\"message_id\":" + id + ",\"date\":1736899000,\"chat\":" + GROUP + ",\"from\":" + from + extra + "}";
    }

    @Test
    void a_reply_to_a_users_message_names_that_user() throws Exception {
        InboundMessage m = map(message(10, BOB, ",\"text\":\"hi all\""), "");
        assertThat(m.replyToSender()).isEqualTo(new Sender("222", "bob", "Bob Builder", null));
        assertThat(m.replyToMessageId()).isEqualTo("10");
        assertThat(m.sender().id()).isEqualTo("111");
    }

    @Test
    void a_reply_to_the_bot_or_no_reply_names_no_one() throws Exception {
        assertThat(map(message(10, BOT, ",\"text\":\"an answer\""), "").replyToSender()).isNull();
        assertThat(map(null, "").replyToSender()).isNull();
    }

    @Test
    void in_a_forum_topic_the_implicit_reply_to_the_topics_first_message_names_no_one() throws Exception {
        String topicStart = message(5, BOB, ",\"message_thread_id\":5,\"forum_topic_created\":"
                + "{\"name\":\"Ideas\",\"icon_color\":7322096}");
        InboundMessage m = map(topicStart, ",\"message_thread_id\":5,\"is_topic_message\":true");
        assertThat(m.replyToSender()).isNull();
        assertThat(m.chat().threadId()).isEqualTo("5");
    }
}
