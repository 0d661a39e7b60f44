package dev.chatbot.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeXmlTests {

    @Test
    void reads_the_official_text_message() {
        var fields = SafeXml.fields("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>");
        assertThat(fields).containsEntry("FromUserName", "fromUser").containsEntry("Content", "this is a test")
                .containsEntry("MsgId", "1234567890123456");
    }

    @Test
    void an_external_entity_is_never_resolved(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><Content>&x;</Content></xml>";
        assertThatThrownBy(() -> SafeXml.fields(xxe)).isInstanceOf(MalformedCallbackException.class)
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void entity_expansion_is_refused_too() {
        String laughs = "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><Content>&b;</Content></xml>";
        assertThatThrownBy(() -> SafeXml.fields(laughs)).isInstanceOf(MalformedCallbackException.class);
    }

    @Test
    void cdata_survives_its_own_terminator() {
        String xml = "<xml>" + SafeXml.cdata("Content", "a ]]> b <c>") + "</xml>";
        assertThat(SafeXml.fields(xml)).containsEntry("Content", "a ]]> b <c>");
    }
}
