package dev.chatbot.app;

import dev.chatbot.core.commands.HelpCommand;
import dev.chatbot.core.commands.NewConversationCommand;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.OpenAiCompatibleProvider;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.pending.PendingWorkStore;
import dev.chatbot.core.pending.RedisPendingWorkStore;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.core.settings.SettingsStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    @Bean
    PendingWorkStore pendingWorkStore(RedisConnection redis, RedisKeys keys) {
        return new RedisPendingWorkStore(redis.async(), keys, RedisPendingWorkStore.DEFAULT_SEEN_TTL);
    }

    @Bean
    Texts texts() {
        return new Texts();
    }

    @Bean
    ProviderRegistry providerRegistry(OpenAiProperties openAi, JsonMapper botJsonMapper) {
        List<LlmProvider> providers = new ArrayList<>();
        if (openAi.apiKey() != null && !openAi.apiKey().isBlank()) {
            providers.add(new OpenAiCompatibleProvider(
                    OpenAiCompatibleConfig.of("openai", openAi.baseUrl(), openAi.apiKey()), botJsonMapper));
        } else {
            log.warn("OPENAI_API_KEY is not set: the bot will answer that no AI provider is configured");
        }
        return new ProviderRegistry(providers);
    }

    @Bean
    ModelCatalog modelCatalog(BotProperties bot) {
        return new ModelCatalog(List.of(), bot.defaultModel(), "openai");
    }

    @Bean
    ConversationEngine conversationEngine(BotProperties bot, ChatStore chats, SettingsStore settings,
                                          ModelCatalog catalog, ProviderRegistry providers, Texts texts) {
        return new ConversationEngine(new EngineSettings(bot.systemPrompt(), bot.turnTimeout(), bot.admins()), chats, settings,
                catalog, providers, new TokenCounter(), texts,
                List.of(new HelpCommand(), new NewConversationCommand(chats)), new ChatLanes());
    }
}
