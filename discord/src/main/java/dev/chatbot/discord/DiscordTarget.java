package dev.chatbot.discord;

import dev.chatbot.core.reply.MessageGoneException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.interactions.InteractionHook;

/**
 * Where one answer's messages go: a channel (a server channel, a thread or a DM), or the response
 * to a slash command. Calls block (JDA's {@code complete()}, on the reply's virtual thread) and
 * wait out Discord's 429s inside JDA's rate limiter, per route bucket. Nothing the bot writes
 * pings anyone: allowed mentions are off on every message.
 */
sealed interface DiscordTarget {

    /** No @everyone, no roles, no users, not even the user replied to. */
    Set<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    /** Sends a new message and returns its id. */
    String send(String text, List<ActionRow> rows);

    void edit(String messageId, String text, List<ActionRow> rows);

    /** Takes the buttons off a message, leaving its text. */
    void clearButtons(String messageId);

    /** Sends a picture as an attachment, with a caption as the message's text. */
    void sendFile(byte[] bytes, String fileName, String caption);

    /** The channel, for logs and the once-per-channel note about missing permissions. */
    String channelId();

    /** Messages in a channel; the first one replies to {@code replyTo} (the user's message) when set. */
    record Channel(MessageChannel channel, String replyTo) implements DiscordTarget {

        @Override
        public String send(String text, List<ActionRow> rows) {
            var action = channel.sendMessage(text).setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false)
                    .setComponents(rows);
            if (replyTo != null) {
                action = action.setMessageReference(replyTo).failOnInvalidReply(false);
            }
            return action.complete().getId();
        }

        @Override
        public void edit(String messageId, String text, List<ActionRow> rows) {
            if (!messageId.chars().allMatch(Character::isDigit)) {
                // a slash command's response, named by an earlier run: it cannot be edited from the channel
                throw new MessageGoneException("not a channel message: " + messageId);
            }
            channel.editMessageById(messageId, text).setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false)
                    .setComponents(rows).complete();
        }

        @Override
        public void clearButtons(String messageId) {
            channel.editMessageComponentsById(messageId, List.of()).complete();
        }

        @Override
        public void sendFile(byte[] bytes, String fileName, String caption) {
            var action = channel.sendMessage(caption).addFiles(FileUpload.fromData(bytes, fileName))
                    .setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false);
            if (replyTo != null) {
                action = action.setMessageReference(replyTo).failOnInvalidReply(false);
            }
            action.complete();
        }

        @Override
        public String channelId() {
            return channel.getId();
        }
    }

    /**
     * The response to a deferred slash command: the first message fills the original response
     * (which shows "thinking…" until then), later ones are follow-ups. Shared by all replies to
     * the command, so only the first of them takes the original.
     */
    record Interaction(InteractionHook hook, String channelId, AtomicBoolean originalTaken) implements DiscordTarget {

        static final String ORIGINAL = "@original";

        Interaction(InteractionHook hook, String channelId) {
            this(hook, channelId, new AtomicBoolean());
        }

        @Override
        public String send(String text, List<ActionRow> rows) {
            if (originalTaken.compareAndSet(false, true)) {
                hook.editOriginal(text).setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false)
                        .setComponents(rows).complete();
                return ORIGINAL;
            }
            return hook.sendMessage(text).setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false)
                    .setComponents(rows).complete().getId();
        }

        @Override
        public void edit(String messageId, String text, List<ActionRow> rows) {
            var action = ORIGINAL.equals(messageId) ? hook.editOriginal(text) : hook.editMessageById(messageId, text);
            action.setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false).setComponents(rows).complete();
        }

        /**
         * The command is dealt with: if nothing was said (a /stop that stopped an answer says
         * nothing), the "thinking…" response is removed rather than left spinning.
         */
        void settle() {
            if (originalTaken.compareAndSet(false, true)) {
                hook.deleteOriginal().queue(ok -> { }, failed -> { });
            }
        }

        @Override
        public void sendFile(byte[] bytes, String fileName, String caption) {
            if (originalTaken.compareAndSet(false, true)) {
                hook.editOriginal(caption).setFiles(FileUpload.fromData(bytes, fileName))
                        .setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false).complete();
                return;
            }
            hook.sendMessage(caption).addFiles(FileUpload.fromData(bytes, fileName))
                    .setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false).complete();
        }

        @Override
        public void clearButtons(String messageId) {
            var action = ORIGINAL.equals(messageId) ? hook.editOriginalComponents(List.of())
                    : hook.editMessageComponentsById(messageId, List.of());
            action.complete();
        }
    }
}
