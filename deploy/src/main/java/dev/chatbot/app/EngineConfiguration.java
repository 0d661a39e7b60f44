package dev.chatbot.app;

import dev.chatbot.core.commands.CommandHandler;
import dev.chatbot.core.commands.HelpCommand;
import dev.chatbot.core.commands.NewConversationCommand;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.engine.TurnObserver;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.OpenAiCompatibleProvider;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.ResilienceSettings;
import dev.chatbot.core.llm.ResilientProvider;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.core.settings.SettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The platform-neutral engine and what it needs: stores, providers, models, commands. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    JsonMapper botJsonMapper() {
        return JsonMapper.builder().build();
    }

    @Bean
    ChatStore chatStore(RedisConnection redis, RedisKeys keys, JsonMapper botJsonMapper, BotProperties bot) {
        return new RedisChatStore(redis.async(), keys, botJsonMapper, bot.history().maxMessages(), bot.history().ttl());
    }

    @Bean
    SettingsStore settingsStore(RedisConnection redis, RedisKeys keys) {
        return new RedisSettingsStore(redis.async(), keys);
    }

    /** Timers for provider retries and timeouts; the work itself runs on virtual threads. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService providerTimers() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("provider-timers").daemon().factory());
    }

    @Bean
    ProviderRegistry providerRegistry(OpenAiProperties openAi, JsonMapper botJsonMapper, BotProperties bot,
                                      ScheduledExecutorService providerTimers) {
        List<LlmProvider> providers = new ArrayList<>();
        if (openAi.apiKey() != null && !openAi.apiKey().isBlank()) {
            providers.add(new OpenAiCompatibleProvider(
                    OpenAiCompatibleConfig.of("openai", openAi.baseUrl(), openAi.apiKey()), botJsonMapper));
        } else {
            log.warn("OPENAI_API_KEY is not set: the bot will answer that no AI provider is configured");
        }
        BotProperties.Resilience r = bot.resilience();
        ResilienceSettings resilience = new ResilienceSettings(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(),
                r.firstTokenTimeout(), r.idleTimeout(), r.failureRateThreshold(), r.minimumCalls(), r.openDuration());
        return new ProviderRegistry(providers.stream()
                .map(p -> (LlmProvider) new ResilientProvider(p, resilience, providerTimers))
                .toList());
    }

    @Bean
    FallbackChain fallbackChain(BotProperties bot) {
        return bot.fallbacks() == null ? FallbackChain.none() : new FallbackChain(bot.fallbacks());
    }

    @Bean
    ModelCatalog modelCatalog(BotProperties bot) {
        return new ModelCatalog(List.of(), bot.defaultModel(), "openai");
    }

    @Bean
    EngineSettings engineSettings(BotProperties bot) {
        return new EngineSettings(bot.systemPrompt(), bot.turnTimeout(), bot.admins());
    }

    @Bean
    Texts texts() {
        return new Texts();
    }

    /** @param featureCommands command handlers that features declare as beans (the admin commands of limits) */
    @Bean
    ConversationEngine conversationEngine(EngineSettings engineSettings, ChatStore chats, SettingsStore settings,
                                          ModelCatalog catalog, ProviderRegistry providers, FallbackChain fallbacks,
                                          Texts texts, FairUse fairUse, ObjectProvider<CommandHandler> featureCommands,
                                          TurnObserver turnObserver) {
        List<CommandHandler> commands = new ArrayList<>(List.of(new HelpCommand(engineSettings),
                new NewConversationCommand(chats)));
        featureCommands.orderedStream().forEach(commands::add);
        return new ConversationEngine(engineSettings, chats, settings, catalog, providers, fallbacks, new TokenCounter(),
                texts, commands, new ChatLanes(), fairUse, turnObserver);
    }
}
