package dev.chatbot.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads the YAML file named by BOT_CONFIG. Its keys are bot.* settings without the "bot." prefix
 * (providers, models, and any other bot setting), so a ${VAR} in it is resolved like everywhere in
 * Spring. It ranks below environment variables and above application.yml's defaults. A path that
 * is not a readable YAML file stops the start with a message that says so.
 */
class BotConfigFile implements EnvironmentPostProcessor, Ordered {

    static final String LOCATION = "bot.config";
    private static final String PREFIX = "bot.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = environment.getProperty(LOCATION);
        if (location == null || location.isBlank()) {
            return;
        }
        Path path = Path.of(location.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new BotConfigException("BOT_CONFIG names " + path.toAbsolutePath() + ", which is not a readable file");
        }
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader().load("BOT_CONFIG " + path, new FileSystemResource(path));
        } catch (IOException | RuntimeException e) {
            throw new BotConfigException("BOT_CONFIG " + path + " is not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Object> prefixed = new LinkedHashMap<>();
        for (PropertySource<?> document : documents) {
            if (document instanceof MapPropertySource map) {
                for (Map.Entry<String, Object> e : map.getSource().entrySet()) {
                    prefixed.putIfAbsent(e.getKey().startsWith(PREFIX) ? e.getKey() : PREFIX + e.getKey(), e.getValue());
                }
            }
        }
        OriginTrackedMapPropertySource source = new OriginTrackedMapPropertySource("BOT_CONFIG " + path, prefixed);
        var sources = environment.getPropertySources();
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }

    /** Before SecretsFromEnvironment, which masks the keys this file holds. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
