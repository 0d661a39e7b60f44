package dev.chatbot.app;

import dev.chatbot.core.commands.HelpCommand;
import dev.chatbot.core.commands.ModelCommand;
import dev.chatbot.core.commands.ModelsCommand;
import dev.chatbot.core.commands.NewConversationCommand;
import dev.chatbot.core.commands.SystemPromptCommand;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.core.settings.SettingsStore;
import java.util.List;
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
        return new RedisChatStore(redis.async(), keys, botJsonMapper, bot.history().maxMessages(), bot.history().ttl());
    }

    @Bean
    SettingsStore settingsStore(RedisConnection redis, RedisKeys keys) {
        return new RedisSettingsStore(redis.async(), keys);
    }

    @Bean
    EngineSettings engineSettings(BotProperties bot) {
        return new EngineSettings(bot.systemPrompt(), bot.turnTimeout(), bot.admins());
    }

    @Bean
    ConversationEngine conversationEngine(EngineSettings engineSettings, ChatStore chats, SettingsStore settings,
                                          ModelCatalog catalog, ProviderRegistry providers) {
        return new ConversationEngine(engineSettings, chats, settings,
                catalog, providers, new TokenCounter(), new Texts(),
                List.of(new HelpCommand(), new NewConversationCommand(chats),
                        new ModelCommand(catalog, settings, engineSettings),
                        new ModelsCommand(catalog, settings, engineSettings),
                        new SystemPromptCommand(settings, engineSettings)),
                new ChatLanes());
    }
}
