package dev.chatbot.app;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.commands.CommandHandler;
import dev.chatbot.core.commands.HelpCommand;
import dev.chatbot.core.commands.ImageCommand;
import dev.chatbot.core.commands.ModelCommand;
import dev.chatbot.core.commands.ModelsCommand;
import dev.chatbot.core.commands.SystemPromptCommand;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.engine.TurnObserver;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.ImageStore;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.RedisImageStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.media.MediaSupport;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.core.settings.SettingsStore;
import dev.chatbot.core.tools.ToolsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The platform-neutral engine and what it needs: stores, commands; providers and models come from {@link ProvidersConfiguration}. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    JsonMapper botJsonMapper() {
        return JsonMapper.builder().build();
    }

    @Bean
    ChatStore chatStore(RedisConnection redis, RedisKeys keys, JsonMapper botJsonMapper, BotProperties bot) {
        return new RedisChatStore(redis.commands(), keys, botJsonMapper, bot.history().maxMessages(), bot.history().ttl());
    }

    /** The bytes of pictures users sent, beside the history and expiring with it. */
    @Bean
    ImageStore imageStore(RedisConnection redis, RedisKeys keys, BotProperties bot) {
        return new RedisImageStore(redis.commands(), keys, bot.history().ttl());
    }

    @Bean
    SettingsStore settingsStore(RedisConnection redis, RedisKeys keys) {
        return new RedisSettingsStore(redis.commands(), keys);
    }

    /** Counting replays for /actuator/prometheus; the platforms' counters exist from the start. */
    @Bean
    InboxStore inboxStore(RedisConnection redis, RedisKeys keys, io.micrometer.core.instrument.MeterRegistry registry) {
        ReplayCountingInboxStore store = new ReplayCountingInboxStore(new RedisInboxStore(redis.commands(), keys), registry);
        for (String platform : List.of("telegram", "discord", "wechat", "wecom")) {
            store.replays(platform);
        }
        return store;
    }

    /** Timers for provider retries and timeouts; the work itself runs on virtual threads. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService providerTimers() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("provider-timers").daemon().factory());
    }

    @Bean
    FallbackChain fallbackChain(BotProperties bot) {
        return bot.fallbacks() == null ? FallbackChain.none() : new FallbackChain(bot.fallbacks());
    }

    @Bean
    EngineSettings engineSettings(BotProperties bot) {
        return new EngineSettings(bot.systemPrompt(), bot.turnTimeout(), new Admins(bot.admins()),
                bot.replica().lease(), bot.replica().name());
    }

    @Bean
    Texts texts() {
        return new Texts();
    }

    /**
     * The commands show in this order in menus and /help, after /ask, /new, /stop and /retry, which the engine
     * brings; help and start come last.
     *
     * @param featureCommands command handlers that features declare as beans (e.g. the admin commands of limits)
     */
    @Bean
    ConversationEngine conversationEngine(EngineSettings engineSettings, ChatStore chats, SettingsStore settings,
                                          ModelCatalog catalog, ProviderRegistry providers, FallbackChain fallbacks,
                                          Texts texts, FairUse fairUse, ObjectProvider<CommandHandler> featureCommands,
                                          TurnObserver turnObserver, ImageStore images, MediaProperties media,
                                          ProviderSetup.Result providerSetup, ToolsSetup toolsSetup) {
        List<CommandHandler> commands = new ArrayList<>(List.of(
                new ModelCommand(catalog, settings, engineSettings.admins()),
                new ModelsCommand(catalog, settings, engineSettings.admins()),
                new SystemPromptCommand(settings, engineSettings.systemPrompt())));
        MediaSupport mediaSupport = MediaSetup.build(media, images, providerSetup);
        commands.add(new ImageCommand(mediaSupport.drawing(), media.images().model(), media.images().size(),
                media.images().quality(), fairUse, media.images().prices()));
        featureCommands.orderedStream().forEach(commands::add);
        commands.add(new HelpCommand(engineSettings.admins()));
        return new ConversationEngine(engineSettings, chats, settings, catalog, providers, fallbacks, new TokenCounter(),
                texts, commands, new ChatLanes(), fairUse, turnObserver,
                mediaSupport, toolsSetup);
    }
}
