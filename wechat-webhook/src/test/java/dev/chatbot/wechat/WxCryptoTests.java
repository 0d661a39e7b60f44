package dev.chatbot.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Against the official samples (../shared/reference/wechat-crypto-vectors.md), which this project did not write. */
class WxCryptoTests {

    static final String MP_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String WECOM_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String B2_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    static final String B3_ENCRYPT = "CZWs4CWRpI4VolQlvn4dlEC1alN2MUEY2VklGehgBVLBrlVF7SyT+SV+Toj43l4ayJ9UMGKphktKKmP7B2j/P1ey67XB8PBgS7Wr5/8+w/yWriZv3Vmoo/MH3/1HsIWZrPQ3N2mJrelStIfI2Y8kLKXA7EhfZgZX4o+ffdkZDM76SEl79Ib9mw7TGjZ9Aw/x/A2VjNbV1E8BtEbRxYYcQippYNw7hr8sFfa3nW1xLdxokt8QkRX83vK3DFP2F6TQFPL2Tu98UwhcUpPvdJBuu1/yiOQIScppV3eOuLWEsko=";

    final WxCrypto wecom = new WxCrypto("QDG6eK", WECOM_KEY, "wx5823bf96d3bd56c7");

    @Test
    void official_account_sample_encrypts_to_the_published_ciphertext() {
        WxCrypto mp = new WxCrypto("pamtest", MP_KEY, "wxb11529c136998cb6");
        String encrypted = mp.encrypt("aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII), "我是中文abcd123");
        assertThat(encrypted).isEqualTo("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
        assertThat(mp.decrypt(encrypted)).isEqualTo("我是中文abcd123");
    }

    @Test
    void wecom_url_check_sample_verifies_and_decrypts() {
        String echostr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
        assertThat(wecom.verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", echostr)).isTrue();
        assertThat(wecom.decrypt(echostr)).isEqualTo("1616140317555161061");
    }

    @Test
    void wecom_xml_message_sample_verifies_and_decrypts_to_hello() {
        assertThat(wecom.verify("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", B2_ENCRYPT)).isTrue();
        var fields = SafeXml.fields(wecom.decrypt(B2_ENCRYPT));
        assertThat(fields).containsEntry("Content", "hello").containsEntry("MsgId", "4561255354251345929")
                .containsEntry("AgentID", "218");
    }

    @Test
    void wecom_json_message_sample_verifies_and_decrypts_to_hello() {
        assertThat(wecom.verify("0623cbc5a8cbee5bcc137c70de99575366fc2af3", "1409659813", "1372623149", B3_ENCRYPT)).isTrue();
        assertThat(wecom.decrypt(B3_ENCRYPT)).contains("\"Content\":\"hello\"");
    }

    @Test
    void a_changed_signature_or_ciphertext_is_refused() {
        assertThat(wecom.verify("477715d11cdb4164915debcba66cb864d751f3e7", "1409659813", "1372623149", B2_ENCRYPT)).isFalse();
        assertThat(wecom.verify("477715d11cdb4164915debcba66cb864d751f3e6", "1409659814", "1372623149", B2_ENCRYPT)).isFalse();
        assertThat(wecom.verify(null, "1409659813", "1372623149", B2_ENCRYPT)).isFalse();
        assertThatThrownBy(() -> wecom.decrypt("not base64!")).isInstanceOf(WxCryptoException.class);
        WxCrypto otherCorp = new WxCrypto("QDG6eK", WECOM_KEY, "wx-someone-else");
        assertThatThrownBy(() -> otherCorp.decrypt(B2_ENCRYPT)).isInstanceOf(WxCryptoException.class)
                .hasMessageContaining("receive id");
    }

    @Test
    void padding_fills_to_32_byte_blocks_and_round_trips_every_length() {
        WxCrypto bot = new WxCrypto("t", WECOM_KEY, "");
        for (int n = 0; n < 70; n++) {
            String msg = "x".repeat(n);
            String encrypted = bot.encrypt(msg);
            assertThat(java.util.Base64.getDecoder().decode(encrypted).length % 32).isZero();
            assertThat(bot.decrypt(encrypted)).isEqualTo(msg);
        }
    }
}
