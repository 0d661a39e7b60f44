package dev.chatbot.discord;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Arrival;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.reply.ChatPaces;
import dev.chatbot.core.reply.RepeatedTyping;
import dev.chatbot.core.reply.ReplyClock;
import dev.chatbot.core.reply.Typing;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what Discord delivers, messages and interactions, and hands those meant for the bot to
 * the {@link Inbox} (a resumed gateway session may deliver an event again; the inbox answers it
 * once). Interactions are acknowledged first, within Discord's 3 seconds: a slash command is
 * deferred ("thinking…") and answered into its original response, a button press is deferred as
 * an update of the message that carries it.
 */
final class DiscordEvents extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DiscordEvents.class);

    /** Discord shows "is typing…" for about 10 seconds. */
    static final Duration TYPING_REPEAT = Duration.ofSeconds(8);

    /** Made once the bot's id is known, from the first event (the listener is registered before login). */
    private volatile DiscordInboundMapper mapper;
    private final Inbox inbox;
    private final ChatPaces paces;
    private final ChatPaces.Kind channelPace;
    private final ChannelTrouble trouble;
    private final ModelChoices models;
    private final Admins admins;
    private final Texts texts;
    private final DiscordMedia images;

    DiscordEvents(Inbox inbox, ChatPaces paces, ChatPaces.Kind channelPace, ChannelTrouble trouble,
                  ModelChoices models, Admins admins, Texts texts) {
        this(inbox, paces, channelPace, trouble, models, admins, texts, DiscordMedia.NONE);
    }

    DiscordEvents(Inbox inbox, ChatPaces paces, ChatPaces.Kind channelPace, ChannelTrouble trouble,
                  ModelChoices models, Admins admins, Texts texts, DiscordMedia images) {
        this.images = images;
        this.inbox = inbox;
        this.paces = paces;
        this.channelPace = channelPace;
        this.trouble = trouble;
        this.models = models;
        this.admins = admins;
        this.texts = texts;
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        try {
            long botId = event.getJDA().getSelfUser().getIdLong();
            DiscordPost post = DiscordPost.of(event.getMessage(), botId);
            Optional<InboundMessage> message = mapper(botId).map(post).filter(InboundMessage::isForBot);
            if (message.isEmpty()) {
                return;
            }
            InboundMessage m = message.get();
            String replyTo = m.isDirect() ? null : m.messageId();
            receive(new DiscordInboxPayload(event.getMessageId(), m, event.getChannel().getId(), replyTo, post.images()),
                    channelReply(event.getChannel(), replyTo, m.sender().id(), m.language()));
        } catch (RuntimeException e) {
            // an exception escaping here would only be logged by JDA, without saying which message
            log.warn("Could not handle Discord message {}: {}", event.getMessageId(), e.toString());
        }
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        try {
            Sender sender = sender(event.getUser(), event);
            boolean admin = admins.isAdmin(sender, DiscordInboundMapper.PLATFORM);
            String ref = DiscordInboundMapper.PLATFORM + ":" + sender.id();
            String wantedModel = option(event, DiscordSlashCommands.MODEL);
            if (event.getName().equals(DiscordSlashCommands.MODEL) && wantedModel != null
                    && !models.mayChoose(wantedModel, ref, admin)) {
                event.reply(texts.get(sender.languageCode(), "model.not.allowed", wantedModel)).setEphemeral(true)
                        .setAllowedMentions(DiscordTarget.NO_MENTIONS).queue();
                return;
            }
            event.deferReply().queue();
            String text = event.getName().equals(DiscordSlashCommands.CHAT)
                    ? option(event, DiscordSlashCommands.PROMPT)
                    : commandLine(event.getName(), wantedModel != null ? wantedModel : option(event, DiscordSlashCommands.ARGS));
            boolean direct = event.getChannelType() == ChannelType.PRIVATE;
            InboundMessage message = new InboundMessage(chat(event.getChannel(), event.getChannelType()), event.getId(),
                    sender, text == null ? "" : text, InboundMessage.Kind.TEXT, direct, true, null);
            DiscordTarget.Interaction target = new DiscordTarget.Interaction(event.getHook(), event.getChannelId());
            receive(new DiscordInboxPayload(event.getId(), message, event.getChannelId(), null),
                    reply(target, sender.id(), sender.languageCode(), () -> Typing.NONE))
                    .answered().whenComplete((done, failed) -> target.settle());
        } catch (RuntimeException e) {
            log.warn("Could not handle Discord command /{} ({}): {}", event.getName(), event.getId(), e.toString());
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals(DiscordSlashCommands.MODEL)
                || !event.getFocusedOption().getName().equals(DiscordSlashCommands.MODEL)) {
            return;
        }
        Sender sender = sender(event.getUser(), event);
        boolean admin = admins.isAdmin(sender, DiscordInboundMapper.PLATFORM);
        event.replyChoices(models.matching(event.getFocusedOption().getValue(),
                        DiscordInboundMapper.PLATFORM + ":" + sender.id(), admin).stream()
                .map(o -> new Command.Choice(o.name(), o.value())).toList()).queue();
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        try {
            Optional<AnswerButtons.Press> press = AnswerButtons.read(event.getComponentId());
            if (press.isEmpty()) {
                return;
            }
            Sender sender = sender(event.getUser(), event);
            boolean admin = admins.isAdmin(sender, DiscordInboundMapper.PLATFORM);
            if (!press.get().mayBePressedBy(sender.id(), admin)) {
                event.reply(texts.get(sender.languageCode(), "button.not.yours")).setEphemeral(true)
                        .setAllowedMentions(DiscordTarget.NO_MENTIONS).queue();
                return;
            }
            event.deferEdit().queue();
            boolean direct = event.getChannelType() == ChannelType.PRIVATE;
            InboundMessage message = new InboundMessage(chat(event.getChannel(), event.getChannelType()), event.getId(),
                    sender, press.get().command(), InboundMessage.Kind.TEXT, direct, true, null);
            receive(new DiscordInboxPayload(event.getId(), message, event.getChannel().getId(), null),
                    channelReply(event.getChannel(), null, sender.id(), sender.languageCode()));
        } catch (RuntimeException e) {
            log.warn("Could not handle a press of Discord button {}: {}", event.getComponentId(), e.toString());
        }
    }

    /** Reads a recorded event again after a restart; its answer goes to the channel. */
    Optional<InboxEvent> replayed(String payload, Function<DiscordInboxPayload, MessageChannel> channels) {
        DiscordInboxPayload p = DiscordInboxPayload.fromJson(payload, images);
        MessageChannel channel = channels.apply(p);
        if (channel == null) {
            log.info("Dropping Discord event {}: its channel {} is gone", p.eventId(), p.channelId());
            return Optional.empty();
        }
        return Optional.of(new InboxEvent(p.eventId(), payload, p.message(),
                channelReply(channel, p.replyTo(), p.message().sender().id(), p.message().language())));
    }

    private DiscordInboundMapper mapper(long botId) {
        DiscordInboundMapper m = mapper;
        if (m == null) {
            m = new DiscordInboundMapper(botId, images);
            mapper = m;
        }
        return m;
    }

    private Arrival receive(DiscordInboxPayload payload, DiscordReplyChannel channel) {
        return inbox.receive(new InboxEvent(payload.eventId(), payload.toJson(), payload.message(), channel));
    }

    private DiscordReplyChannel channelReply(MessageChannel channel, String replyTo, String askerId, String language) {
        return reply(new DiscordTarget.Channel(channel, replyTo), askerId, language,
                () -> new RepeatedTyping(channel.getId(), TYPING_REPEAT, () -> true,
                        () -> channel.sendTyping().complete(), ReplyClock.SYSTEM).start());
    }

    private DiscordReplyChannel reply(DiscordTarget target, String askerId, String language, Supplier<Typing> typing) {
        return new DiscordReplyChannel(target, paces.forChat(target.channelId(), channelPace), trouble, askerId,
                new DiscordReplyChannel.ButtonLabels(texts.get(language, "button.stop"), texts.get(language, "button.retry")),
                typing);
    }

    private static ChatKey chat(MessageChannel channel, ChannelType type) {
        if (type.isThread() && channel instanceof ThreadChannel thread) {
            return new ChatKey(DiscordInboundMapper.PLATFORM, thread.getParentChannel().getId(), channel.getId());
        }
        return ChatKey.of(DiscordInboundMapper.PLATFORM, channel.getId());
    }

    private static Sender sender(User user, Interaction interaction) {
        String display = interaction.getMember() != null ? interaction.getMember().getEffectiveName() : user.getEffectiveName();
        return new Sender(user.getId(), user.getName(), display, interaction.getUserLocale().getLocale());
    }

    private static String option(SlashCommandInteractionEvent event, String name) {
        OptionMapping option = event.getOption(name);
        return option == null ? null : option.getAsString();
    }

    private static String commandLine(String name, String args) {
        return "/" + name + (args == null || args.isBlank() ? "" : " " + args.strip());
    }
}
