package dev.chatbot.telegram;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.stickers.Sticker;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Turns a Telegram update into an {@link InboundMessage}: decides whether a group message is
 * meant for the bot (a mention, a reply to the bot, or a command that is not for another bot)
 * and removes the mention from the text.
 */
final class TelegramInboundMapper {

    static final String PLATFORM = "telegram";

    private final BotIdentity bot;
    /** Null where nothing is downloaded (photos then count as unreadable). */
    private final TelegramFiles files;

    TelegramInboundMapper(BotIdentity bot) {
        this(bot, null);
    }

    TelegramInboundMapper(BotIdentity bot, TelegramFiles files) {
        this.bot = bot;
        this.files = files;
    }

    Optional<InboundMessage> map(Update update) {
        if (update.hasCallbackQuery()) {
            return mapButtonPress(update.getCallbackQuery());
        }
        if (!update.hasMessage()) {
            return Optional.empty();
        }
        Message m = update.getMessage();
        User from = m.getFrom();
        if (from == null || Boolean.TRUE.equals(from.getIsBot())) {
            return Optional.empty();
        }
        boolean direct = "private".equals(m.getChat().getType());
        InboundMessage.Kind kind;
        List<Attachment> attachments = attachments(m);
        String text;
        if (m.hasText()) {
            kind = InboundMessage.Kind.TEXT;
            text = m.getText();
        } else if (!attachments.isEmpty()) {
            kind = InboundMessage.Kind.TEXT;
            text = m.getCaption() == null ? "" : m.getCaption();
        } else if (hasUnreadableContent(m)) {
            kind = InboundMessage.Kind.UNSUPPORTED;
            text = null;
        } else {
            return Optional.empty(); // service messages: members joining, pins, titles
        }
        boolean addressed = !direct && isAddressedToBot(m);
        if (text != null && addressed) {
            text = removeMention(text);
        }
        String thread = Boolean.TRUE.equals(m.isTopicMessage()) && m.getMessageThreadId() != null
                ? m.getMessageThreadId().toString() : null;
        Sender sender = sender(from);
        String replyTo = m.getReplyToMessage() == null ? null : m.getReplyToMessage().getMessageId().toString();
        return Optional.of(new InboundMessage(new ChatKey(PLATFORM, m.getChatId().toString(), thread),
                m.getMessageId().toString(), sender, text, kind, direct, addressed, replyTo, repliedToUser(m),
                attachments, attachments.isEmpty() ? null : m.getMediaGroupId()));
    }

    /**
     * A photo (its largest size), an image sent as a file, a voice message or audio file, or an animated sticker
     * (marked so, to be refused).
     */
    private List<Attachment> attachments(Message m) {
        if (files == null) {
            return List.of();
        }
        if (m.hasPhoto()) {
            PhotoSize largest = m.getPhoto().stream()
                    .max(java.util.Comparator.comparingLong(p -> (long) p.getWidth() * p.getHeight())).orElseThrow();
            return List.of(Attachment.image("image/jpeg", size(largest.getFileSize()), files.download(largest.getFileId())));
        }
        Document document = m.getDocument();
        if (document != null && document.getMimeType() != null && document.getMimeType().startsWith("image/")) {
            return List.of(Attachment.image(document.getMimeType(), size(document.getFileSize()),
                    files.download(document.getFileId())));
        }
        if (m.hasVoice()) {
            org.telegram.telegrambots.meta.api.objects.Voice v = m.getVoice();
            return List.of(new Attachment(Attachment.Type.VOICE, v.getMimeType(), size(v.getFileSize()),
                    v.getDuration() == null ? 0 : v.getDuration(), false, files.download(v.getFileId())));
        }
        if (m.hasAudio()) {
            org.telegram.telegrambots.meta.api.objects.Audio a = m.getAudio();
            return List.of(new Attachment(Attachment.Type.VOICE, a.getMimeType(), size(a.getFileSize()),
                    a.getDuration() == null ? 0 : a.getDuration(), false, files.download(a.getFileId())));
        }
        Sticker sticker = m.getSticker();
        if (sticker != null && (Boolean.TRUE.equals(sticker.getIsAnimated()) || Boolean.TRUE.equals(sticker.getIsVideo()))) {
            // refused as animated without a download; a still sticker stays unreadable (WebP has no decoder here)
            return List.of(new Attachment(Attachment.Type.IMAGE, "application/x-tgsticker", size(sticker.getFileSize()), 0,
                    true, files.download(sticker.getFileId())));
        }
        return List.of();
    }

    private static long size(Number declared) {
        return declared == null ? 0 : declared.longValue();
    }

    /**
     * The user whose message this one replies to. In forum topics Telegram sets reply_to_message
     * to the topic's opening service message even without a reply; that is no one's message.
     */
    private static Sender repliedToUser(Message m) {
        Message replied = m.getReplyToMessage();
        if (replied == null || replied.getForumTopicCreated() != null) {
            return null;
        }
        User author = replied.getFrom();
        if (author == null || Boolean.TRUE.equals(author.getIsBot())) {
            return null;
        }
        return sender(author);
    }

    private static Sender sender(User u) {
        return new Sender(u.getId().toString(), u.getUserName(), fullName(u), u.getLanguageCode());
    }

    /**
     * A press of one of the bot's buttons becomes the button's command, sent by the presser in the
     * chat of the message that carried the button. Data that is no command is ignored: clients
     * can send any callback data, and the command then passes the same checks as typed text.
     */
    private Optional<InboundMessage> mapButtonPress(CallbackQuery query) {
        MaybeInaccessibleMessage carrier = query.getMessage();
        User from = query.getFrom();
        String data = query.getData();
        if (carrier == null || from == null || Boolean.TRUE.equals(from.getIsBot())
                || data == null || !data.startsWith("/")) {
            return Optional.empty();
        }
        boolean direct = "private".equals(carrier.getChat().getType());
        String thread = carrier instanceof Message m && Boolean.TRUE.equals(m.isTopicMessage())
                && m.getMessageThreadId() != null ? m.getMessageThreadId().toString() : null;
        Sender sender = new Sender(from.getId().toString(), from.getUserName(), fullName(from), from.getLanguageCode());
        return Optional.of(new InboundMessage(new ChatKey(PLATFORM, carrier.getChatId().toString(), thread),
                carrier.getMessageId().toString(), sender, data, InboundMessage.Kind.TEXT, direct, true, null));
    }

    private boolean isAddressedToBot(Message m) {
        Message replied = m.getReplyToMessage();
        if (replied != null && replied.getFrom() != null && replied.getFrom().getId() == bot.id()) {
            return true;
        }
        // a photo's caption carries its mentions as caption_entities
        List<MessageEntity> entities = m.getText() != null ? m.getEntities() : m.getCaptionEntities();
        String text = m.getText() != null ? m.getText() : m.getCaption();
        if (entities == null || text == null) {
            return false;
        }
        for (MessageEntity e : entities) {
            String value = text.substring(e.getOffset(), Math.min(text.length(), e.getOffset() + e.getLength()));
            switch (e.getType()) {
                case "mention" -> {
                    if (value.equalsIgnoreCase("@" + bot.username())) {
                        return true;
                    }
                }
                case "text_mention" -> {
                    if (e.getUser() != null && e.getUser().getId() == bot.id()) {
                        return true;
                    }
                }
                case "bot_command" -> {
                    if (e.getOffset() == 0) {
                        int at = value.indexOf('@');
                        // a bare /command in a group reaches every bot; /command@other is not ours
                        return at < 0 || value.substring(at + 1).equalsIgnoreCase(bot.username());
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    private String removeMention(String text) {
        if (text.startsWith("/")) {
            return text; // "/ask@bot ..." is parsed as a command, suffix and all
        }
        String mention = "@" + bot.username();
        int at = text.toLowerCase(Locale.ROOT).indexOf(mention.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return text;
        }
        String stripped = (text.substring(0, at) + text.substring(at + mention.length())).strip();
        return stripped.replaceAll("^[,:]\\s*", "");
    }

    private static boolean hasUnreadableContent(Message m) {
        return m.getSticker() != null || m.getPhoto() != null || m.getVoice() != null || m.getAudio() != null
                || m.getVideo() != null || m.getDocument() != null || m.getAnimation() != null
                || m.getVideoNote() != null || m.getContact() != null || m.getLocation() != null || m.getPoll() != null;
    }

    private static String fullName(User u) {
        String first = u.getFirstName() == null ? "" : u.getFirstName();
        return u.getLastName() == null || u.getLastName().isBlank() ? first : first + " " + u.getLastName();
    }
}
