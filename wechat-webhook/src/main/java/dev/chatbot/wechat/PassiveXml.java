package dev.chatbot.wechat;

/** The XML of a passive reply, plain or in safe mode's encrypted envelope. */
final class PassiveXml {

    private PassiveXml() {
    }

    /** The reply carrying {@code message}, a text or a picture. */
    static String of(String user, String account, long createTime, WxMessage message) {
        return switch (message) {
            case WxMessage.Text text -> text(user, account, createTime, text.content());
            case WxMessage.Picture picture -> image(user, account, createTime, picture.mediaId());
        };
    }

    /** An image reply: the picture uploaded as temporary media, by its media_id. */
    static String image(String user, String account, long createTime, String mediaId) {
        return "<xml>" + SafeXml.cdata("ToUserName", user) + SafeXml.cdata("FromUserName", account)
                + "<CreateTime>" + createTime + "</CreateTime>" + SafeXml.cdata("MsgType", "image")
                + "<Image>" + SafeXml.cdata("MediaId", mediaId) + "</Image></xml>";
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
