package dev.chatbot.wechat;

/** The XML of a passive reply, plain or in safe mode's encrypted envelope. */
final class PassiveXml {

    private PassiveXml() {
    }

    /** A text reply to {@code user} from {@code account}: the request's two names swapped. */
    static String text(String user, String account, long createTime, String content) {
        return "<xml>" + SafeXml.cdata("ToUserName", user) + SafeXml.cdata("FromUserName", account)
                + "<CreateTime>" + createTime + "</CreateTime>" + SafeXml.cdata("MsgType", "text")
                + SafeXml.cdata("Content", content) + "</xml>";
    }

    /** {@code xml} encrypted, signed, with the request's nonce. */
    static String encrypted(WxCrypto crypto, String xml, long timestamp, String nonce) {
        String encrypt = crypto.encrypt(xml);
        String ts = Long.toString(timestamp);
        return "<xml>" + SafeXml.cdata("Encrypt", encrypt) + SafeXml.cdata("MsgSignature", crypto.sign(ts, nonce, encrypt))
                + "<TimeStamp>" + ts + "</TimeStamp>" + SafeXml.cdata("Nonce", nonce) + "</xml>";
    }
}
