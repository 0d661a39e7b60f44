package dev.chatbot.core.engine;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.commands.CommandCatalogue;
import dev.chatbot.core.commands.CommandContext;
import dev.chatbot.core.commands.CommandHandler;
import dev.chatbot.core.commands.CommandLine;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.media.MediaSupport;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.settings.SettingsStore;
import dev.chatbot.core.tools.ToolsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every platform's messages meet. Decides what a message is (ignored chatter, a command,
 * or a question), runs commands and queues answers one at a time per chat. Never blocks the
 * caller: adapters may call it from their delivery thread.
 */
public final class ConversationEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);

    private final CommandCatalogue commands;
    private final TurnRunner turns;
    private final ChatLanes lanes;
    private final Texts texts;
    private final ActiveTurns active = new ActiveTurns();
    private final EngineSettings settings;
    private final FairUse fairUse;
    private final Albums albums;
    private final ExecutorService commandExecutor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("command-", 0).factory());

    /** An engine that serves everyone without limits. */
    public ConversationEngine(EngineSettings settings, ChatStore chats, SettingsStore chatSettings,
                              ModelCatalog catalog, ProviderRegistry providers, TokenCounter tokens,
                              Texts texts, List<CommandHandler> handlers, ChatLanes lanes) {
        this(settings, chats, chatSettings, catalog, providers, FallbackChain.none(), tokens, texts, handlers, lanes,
                FairUse.OPEN, TurnObserver.NONE);
    }

    /** An engine without pictures: photos get the "only text" note, as before pictures existed. */
    public ConversationEngine(EngineSettings settings, ChatStore chats, SettingsStore chatSettings,
                              ModelCatalog catalog, ProviderRegistry providers, FallbackChain fallbacks,
                              TokenCounter tokens, Texts texts, List<CommandHandler> handlers, ChatLanes lanes,
                              FairUse fairUse, TurnObserver observer) {
        this(settings, chats, chatSettings, catalog, providers, fallbacks, tokens, texts, handlers, lanes, fairUse,
                observer, MediaSupport.NONE);
    }

    /**
     * @param handlers  the commands it runs besides /ask, /new, /stop and /retry, which every engine runs; in
     *                  the order menus and /help show them
     * @param fallbacks models to try when a model cannot answer at all
     * @param fairUse   who may use the bot and how much (BOT_ALLOWED, limits)
     * @param observer  hears what turns cost, for metrics
     * @param media     pictures, voice and drawing, each null when switched off
     */
    public ConversationEngine(EngineSettings settings, ChatStore chats, SettingsStore chatSettings,
                              ModelCatalog catalog, ProviderRegistry providers, FallbackChain fallbacks,
                              TokenCounter tokens, Texts texts, List<CommandHandler> handlers, ChatLanes lanes,
                              FairUse fairUse, TurnObserver observer, MediaSupport media) {
        this(settings, chats, chatSettings, catalog, providers, fallbacks, tokens, texts, handlers, lanes, fairUse,
                observer, media, ToolsSetup.NONE);
    }

    /** @param tools the tools models may call, and the tool loop's limits */
    public ConversationEngine(EngineSettings settings, ChatStore chats, SettingsStore chatSettings,
                              ModelCatalog catalog, ProviderRegistry providers, FallbackChain fallbacks,
                              TokenCounter tokens, Texts texts, List<CommandHandler> handlers, ChatLanes lanes,
                              FairUse fairUse, TurnObserver observer, MediaSupport media, ToolsSetup tools) {
        this.turns = new TurnRunner(settings, chats, chatSettings, catalog, providers, fallbacks, tokens, texts, active,
                fairUse, observer, media, tools);
        this.albums = new Albums(Albums.DEFAULT_QUIET, this::answerPictures);
        this.lanes = lanes;
        this.texts = texts;
        this.settings = settings;
        this.fairUse = fairUse;
        List<CommandHandler> all = new ArrayList<>();
        all.add(new ConversationCommands(turns, active, chats));
        all.addAll(handlers);
        this.commands = new CommandCatalogue(all, texts);
    }

    /** Every command this engine runs, for the platforms' menus and slash commands. */
    public CommandCatalogue commands() {
        return commands;
    }

    /**
     * Takes one inbound message; answers follow asynchronously on {@code channel}. The returned
     * future completes when the message has been dealt with (answered, refused or ignored), so an
     * adapter can tell when it no longer needs to remember the message.
     */
    public CompletableFuture<Void> submit(InboundMessage message, ReplyChannel channel) {
        fairUse.noticeSender(message.chat().platform(), message.sender().id(), message.sender().username());
        if (!message.isForBot()) {
            return CompletableFuture.completedFuture(null);
        }
        ChatKey chat = message.chat();
        if (!isAdmitted(message)) {
            return lanes.enqueue(chat, guarded(message, channel, () -> channel.send(text(message, "access.denied"))));
        }
        if (message.kind() != InboundMessage.Kind.TEXT) {
            return lanes.enqueue(chat, guarded(message, channel, () -> channel.send(text(message, "unsupported"))));
        }
        if (message.hasAttachment(Attachment.Type.VOICE)) {
            return lanes.enqueue(chat, guarded(message, channel, () -> turns.runVoice(message, channel)));
        }
        if (message.hasAttachment(Attachment.Type.IMAGE)) {
            return message.albumId() == null ? answerPictures(message, channel) : albums.offer(message, channel);
        }
        Optional<CommandLine> command = CommandLine.parse(message.text());
        if (command.isEmpty()) {
            return lanes.enqueue(chat, guarded(message, channel, () -> turns.run(message, message.text().strip(), channel)));
        }
        CommandLine line = command.get();
        Optional<CommandCatalogue.Entry> entry = commands.find(line.name());
        if (entry.isEmpty()) {
            return CompletableFuture.runAsync(guarded(message, channel, () -> channel.send(
                    text(message, "help.unknown", line.name()) + "\n\n" + commands.help(message.language()))),
                    commandExecutor);
        }
        CommandHandler handler = entry.get().handler();
        Runnable task = entry.get().spec().holdsChat()
                ? guarded(message, channel, () -> turns.holdingChat(message, channel,
                        lease -> handler.handle(new CommandContext(message, line, channel, texts, commands, lease))))
                : guarded(message, channel, () -> handler.handle(new CommandContext(message, line, channel, texts, commands)));
        if (entry.get().spec().runsAtOnce()) {
            return CompletableFuture.runAsync(task, commandExecutor);
        }
        return lanes.enqueue(chat, task);
    }

    /**
     * Stops every answer still running, without a word to the chats: the app is going away, and
     * adapters that keep pending messages answer them after the restart.
     */
    @Override
    public void close() {
        lanes.close();
        commandExecutor.shutdownNow();
        turns.close();
    }

    /** A question with pictures (the caption its text; "/ask" before it is allowed, as groups need it). */
    private CompletableFuture<Void> answerPictures(InboundMessage message, ReplyChannel channel) {
        String caption = message.text() == null ? "" : message.text().strip();
        Optional<CommandLine> command = CommandLine.parse(caption);
        if (command.isPresent() && command.get().name().equals("ask")) {
            caption = command.get().args().strip();
        }
        String text = caption;
        return lanes.enqueue(message.chat(), guarded(message, channel, () -> turns.run(message, text, channel)));
    }

    /** Admins always; everyone else as BOT_ALLOWED says. */
    private boolean isAdmitted(InboundMessage message) {
        ChatKey chat = message.chat();
        return settings.isAdmin(message.sender(), chat.platform())
                || fairUse.admits(message.senderRef(), chat.platform() + ":" + chat.chatId());
    }

    private String text(InboundMessage message, String key, Object... args) {
        return texts.get(message.language(), key, args);
    }

    /** No failure escapes to the platform: the user gets an apology, the log gets one line. */
    private Runnable guarded(InboundMessage message, ReplyChannel channel, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                boolean storage = isStorageFailure(e);
                log.warn("Handling a message in chat {} failed: {}", message.chat().id(), RootCause.describe(e));
                try {
                    channel.send(text(message, storage ? "error.storage" : "error.internal"));
                } catch (RuntimeException ignored) {
                    log.debug("Could not send the apology either: {}", ignored.toString());
                }
            }
        };
    }

    private static boolean isStorageFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.lettuce")) {
                return true;
            }
        }
        return false;
    }
}
