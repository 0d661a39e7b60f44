package dev.chatbot.wechat;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;

/** Turns WeChat messages into the engine's: one private chat per user, texts in Chinese. */
public final class WxInbound {

    /** WeChat users are mostly Chinese speakers, and WeChat does not tell a user's language. */
    public static final String LANGUAGE = "zh";

    private WxInbound() {
    }

    public static Sender sender(String userId, String displayName) {
        return new Sender(userId, null, displayName, LANGUAGE);
    }

    /**
     * A private message from {@code userId} in chat {@code chatId}; a subscribe event becomes /start,
     * so it gets the welcome.
     */
    public static InboundMessage direct(String platform, String chatId, String messageId, Sender sender,
                                        CallbackMessage.Kind kind, String text) {
        ChatKey chat = ChatKey.of(platform, chatId);
        return switch (kind) {
            case TEXT -> new InboundMessage(chat, messageId, sender, text, InboundMessage.Kind.TEXT, true, true, null);
            case SUBSCRIBE -> new InboundMessage(chat, messageId, sender, "/start", InboundMessage.Kind.TEXT, true, true, null);
            case MEDIA, IMAGE, VOICE -> new InboundMessage(chat, messageId, sender, null, InboundMessage.Kind.UNSUPPORTED, true, true, null);
            case IGNORED_EVENT -> throw new IllegalArgumentException("ignored events are not handed over");
        };
    }

    /** A callback message as the engine's: an image message carries its picture, to download when wanted. */
    public static InboundMessage direct(String platform, String chatId, Sender sender, CallbackMessage message,
                                        WxMedia media) {
        if (message.kind() == CallbackMessage.Kind.IMAGE && media.isEnabled() && message.picUrl() != null) {
            return new InboundMessage(ChatKey.of(platform, chatId), message.deliveryId(), sender, "",
                    InboundMessage.Kind.TEXT, true, true, null, null,
                    java.util.List.of(Attachment.image(null, 0, media.picture(message.picUrl()))), null);
        }
        if (message.kind() == CallbackMessage.Kind.VOICE && message.recognition() != null) {
            // WeChat's own speech recognition, where the account has it switched on: answered as if typed
            return direct(platform, chatId, message.deliveryId(), sender, CallbackMessage.Kind.TEXT, message.recognition());
        }
        if (message.kind() == CallbackMessage.Kind.VOICE && media.isEnabled()) {
            // AMR or Speex, which the transcription endpoint does not take: refused by its declared format, unfetched
            String format = message.format() == null ? "amr" : message.format().toLowerCase(java.util.Locale.ROOT);
            Attachment.Download none = maxBytes -> {
                throw new IllegalStateException("WeChat voice is not downloaded");
            };
            return new InboundMessage(ChatKey.of(platform, chatId), message.deliveryId(), sender, "",
                    InboundMessage.Kind.TEXT, true, true, null, null,
                    java.util.List.of(new Attachment(Attachment.Type.VOICE, "audio/" + format, 0, 0, false, none)), null);
        }
        return direct(platform, chatId, message.deliveryId(), sender, message.kind(), message.content());
    }
}
