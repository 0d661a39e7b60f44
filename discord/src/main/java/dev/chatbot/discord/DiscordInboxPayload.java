package dev.chatbot.discord;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

/**
 * What the inbox keeps of a Discord event, so that an answer cut short by a restart can be given
 * after it: the message as the engine read it, and where its answer goes. A slash command's
 * interaction token may have expired by then, so a replayed answer goes to its channel instead.
 *
 * @param eventId   the message's or interaction's id, which the inbox dedupes on
 * @param channelId the channel, thread or DM to answer in
 * @param replyTo   the user's message the answer replies to, or null
 */
record DiscordInboxPayload(String eventId, InboundMessage message, String channelId, String replyTo,
                           List<DiscordPost.Attached> images) {

    DiscordInboxPayload {
        images = images == null ? List.of() : List.copyOf(images);
    }

    DiscordInboxPayload(String eventId, InboundMessage message, String channelId, String replyTo) {
        this(eventId, message, channelId, replyTo, List.of());
    }

    String toJson() {
        Sender s = message.sender();
        Sender r = message.replyToSender();
        return DataObject.empty()
                .put("event", eventId).put("channel", channelId).put("reply_to", replyTo)
                .put("chat", message.chat().chatId()).put("thread", message.chat().threadId())
                .put("message_id", message.messageId())
                .put("sender", sender(s))
                .put("text", message.text()).put("kind", message.kind().name())
                .put("direct", message.isDirect()).put("addressed", message.addressedToBot())
                .put("reply_to_message", message.replyToMessageId())
                .put("reply_to_sender", r == null ? null : sender(r))
                .put("images", images(images))
                .toString();
    }

    private static DataArray images(List<DiscordPost.Attached> images) {
        DataArray out = DataArray.empty();
        for (DiscordPost.Attached i : images) {
            out.add(DataObject.empty().put("url", i.url()).put("content_type", i.contentType()).put("size", i.size())
                    .put("duration", i.durationSeconds()));
        }
        return out;
    }

    /** @param downloads gives the images, recorded by URL, their downloads again */
    static DiscordInboxPayload fromJson(String json, DiscordMedia downloads) {
        DataObject d = DataObject.fromJson(json);
        List<DiscordPost.Attached> images = new java.util.ArrayList<>();
        DataArray recorded = d.optArray("images").orElse(DataArray.empty());
        for (int i = 0; i < recorded.length(); i++) {
            DataObject o = recorded.getObject(i);
            images.add(new DiscordPost.Attached(o.getString("url"), o.getString("content_type", null), o.getLong("size", 0),
                    o.getInt("duration", 0)));
        }
        InboundMessage message = new InboundMessage(
                new ChatKey(DiscordInboundMapper.PLATFORM, d.getString("chat"), d.getString("thread", null)),
                d.getString("message_id"), sender(d.getObject("sender")), d.getString("text", null),
                InboundMessage.Kind.valueOf(d.getString("kind")), d.getBoolean("direct"), d.getBoolean("addressed"),
                d.getString("reply_to_message", null),
                d.isNull("reply_to_sender") ? null : sender(d.getObject("reply_to_sender")),
                downloads.attachments(images), null);
        return new DiscordInboxPayload(d.getString("event"), message, d.getString("channel"), d.getString("reply_to", null),
                images);
    }

    private static DataObject sender(Sender s) {
        return DataObject.empty().put("id", s.id()).put("username", s.username())
                .put("display_name", s.displayName()).put("language", s.languageCode());
    }

    private static Sender sender(DataObject d) {
        return new Sender(d.getString("id"), d.getString("username", null), d.getString("display_name", null),
                d.getString("language", null));
    }
}
