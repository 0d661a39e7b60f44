package dev.chatbot.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InboxRecordFormatTests {

    final InboxRecordFormat format = new InboxRecordFormat();

    @Test
    void a_record_round_trips_with_every_field() {
        InboxRecord record = new InboxRecord("telegram", "123", "{\"update_id\":123,\"message\":{\"text\":\"hi\"}}",
                "host-a/1f2e3d4c", 1_700_000_000_123L, "Half an answer with \"quotes\" and 中文", List.of("501", "502"));

        String json = format.write(record);

        assertThat(format.read("telegram", "123", json)).isEqualTo(record);
        assertThat(json).contains("\"answerSoFar\"", "\"messageIds\":[\"501\",\"502\"]", "\"owner\":\"host-a/1f2e3d4c\"");
    }

    @Test
    void fields_a_later_version_adds_are_ignored() {
        String json = """
                {"platform":"discord","id":"9","payload":"p","owner":"o","receivedAt":5,"answerSoFar":"","messageIds":[],
                 "lease":{"until":99}}""";
        assertThat(format.read("discord", "9", json)).isEqualTo(InboxRecord.taken("discord", "9", "p", "o", 5));
    }

    @Test
    void a_value_stored_before_records_existed_is_read_as_the_payload() {
        String update = "{\"update_id\":41,\"message\":{\"text\":\"hi\"}}";
        assertThat(format.read("telegram", "41", update)).isEqualTo(InboxRecord.taken("telegram", "41", update, "", 0));
        assertThat(format.read("wechat", "7", "<xml>not json</xml>").payload()).isEqualTo("<xml>not json</xml>");
    }
}
