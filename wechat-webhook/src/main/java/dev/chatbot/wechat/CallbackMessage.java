package dev.chatbot.wechat;

import java.util.Map;

/**
 * One message or event of the Official Account or a WeCom app, as its (decrypted) XML says.
 *
 * @param from     the user: an OpenID (Official Account) or a UserID (WeCom)
 * @param to       the account: its original id, or the corp id
 * @param msgId    the message's id; null for events
 * @param event    the event's name (subscribe, ...) when {@code msgType} is "event"
 * @param picUrl   an image message's picture, on WeChat's servers
 * @param mediaId  an image or voice message's media, for media/get
 * @param format   a voice message's format: amr or speex
 * @param recognition a voice message's text, when the account has WeChat's speech recognition switched on
 */
public record CallbackMessage(String from, String to, String createTime, String msgType, String content,
                              String msgId, String event, String picUrl, String mediaId, String format,
                              String recognition) {

    /** Types the bot reads but cannot understand: they get a note saying what it does understand. */
    private static final java.util.Set<String> MEDIA =
            java.util.Set.of("video", "shortvideo", "location", "link", "file");

    public enum Kind { TEXT, IMAGE, VOICE, MEDIA, SUBSCRIBE, IGNORED_EVENT }

    /** @throws MalformedCallbackException when a field it needs is missing, or the type is unknown */
    public static CallbackMessage of(Map<String, String> fields) {
        CallbackMessage m = new CallbackMessage(required(fields, "FromUserName"), required(fields, "ToUserName"),
                fields.getOrDefault("CreateTime", ""), required(fields, "MsgType"), fields.get("Content"),
                blankToNull(fields.get("MsgId")), fields.get("Event"), blankToNull(fields.get("PicUrl")),
                blankToNull(fields.get("MediaId")), blankToNull(fields.get("Format")),
                blankToNull(fields.get("Recognition")));
        m.kind(); // an unknown type is refused here, before anything is recorded
        if (!m.msgType().equals("event") && m.msgId() == null) {
            throw new MalformedCallbackException("a " + m.msgType() + " message without MsgId");
        }
        if (m.msgType().equals("text") && m.content() == null) {
            throw new MalformedCallbackException("a text message without Content");
        }
        return m;
    }

    public Kind kind() {
        if (msgType.equals("text")) {
            return Kind.TEXT;
        }
        if (msgType.equals("image")) {
            return Kind.IMAGE;
        }
        if (msgType.equals("voice")) {
            return Kind.VOICE;
        }
        if (MEDIA.contains(msgType)) {
            return Kind.MEDIA;
        }
        if (msgType.equals("event")) {
            return "subscribe".equalsIgnoreCase(event) ? Kind.SUBSCRIBE : Kind.IGNORED_EVENT;
        }
        throw new MalformedCallbackException("unknown MsgType " + msgType);
    }

    /** The id WeChat's retries repeat: MsgId, or for an event the sender and its time, as WeChat's guide says. */
    public String deliveryId() {
        return msgId != null ? msgId : from + "@" + createTime;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new MalformedCallbackException("no " + name);
        }
        return value.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
