package dev.chatbot.app.logging;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Hands every secret the app was configured with to {@link LogSecrets}, before the app logs a
 * line: settings whose name says secret (from the environment, the command line, application.yml
 * or the BOT_CONFIG file, with ${VAR} resolved) and the passwords of URLs. Runs after the other
 * post-processors, so the BOT_CONFIG file is already among the sources.
 */
class SecretsFromEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    LogSecrets.addSetting(name, resolved(environment, source, name));
                }
            }
        }
    }

    /** The value with ${VAR} resolved, as the app will use it; the raw value where that fails. */
    private static String resolved(ConfigurableEnvironment environment, PropertySource<?> source, String name) {
        Object raw = source.getProperty(name);
        if (raw == null) {
            return null;
        }
        try {
            return environment.resolvePlaceholders(raw.toString());
        } catch (RuntimeException unresolvable) {
            return raw.toString();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
