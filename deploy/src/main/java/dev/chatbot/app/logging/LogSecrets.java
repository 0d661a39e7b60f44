package dev.chatbot.app.logging;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What never reaches a log line: the secret values this process was given (tokens, keys,
 * passwords), whatever their shape, and anything shaped like a token or key. Masking by shape
 * alone let through keys of other shapes (an Azure key is 32 hex digits, a relay's key is what the
 * relay likes) when a provider's error body echoed them back. Logging is process-wide, so this is
 * too: every line of every appender passes {@link #mask}.
 */
public final class LogSecrets {

    static final String MASK = "***";

    /**
     * Telegram tokens in Bot API URLs, OpenAI-style keys, Google keys, bearer tokens, and the
     * password of a URL (redis://user:PASSWORD@host), however short.
     */
    static final String SHAPES = "bot[0-9]+:[A-Za-z0-9_-]+|sk-[A-Za-z0-9_-]{8,}|AIza[A-Za-z0-9_-]{20,}"
            + "|Bearer [A-Za-z0-9._~+/=-]{8,}|(?<=://[^/@\\s:]{0,64}:)[^/@\\s]+(?=@)";

    /**
     * Names of settings and environment variables that hold secrets, by their last part: every
     * token, key, secret and password of the README and DESIGN.md (BOT_TELEGRAM_TOKEN,
     * OPENAI_API_KEY, AZURE_OPENAI_API_KEY, BOT_TELEGRAM_WEBHOOK_SECRET, a provider's api-key in
     * BOT_CONFIG, BOT_DISCORD_TOKEN, BOT_WECHAT_MP_APP_SECRET, BOT_WECOM_AES_KEY, ...) and those yet
     * to come, including secret-looking request headers (X-Api-Key, Authorization).
     */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(^|[._\\-\\[])(token|secret|password|passwd|api[_-]?key|aes[_-]?key|access[_-]?key|authorization)]?$");

    /** The password in a URL's user info: redis://:PASSWORD@host, redis://user:PASSWORD@host. */
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^/@\\s:]*:([^/@\\s]+)@");

    /**
     * Shorter values are not masked: a word that short turns up in ordinary log text (masking
     * "ollama", a common placeholder key, would hide a provider's name). Real keys and tokens are
     * far longer; a URL's password is masked by shape whatever its length.
     */
    static final int MIN_LENGTH = 8;

    private static final Set<String> values = ConcurrentHashMap.newKeySet();
    private static volatile Pattern pattern = Pattern.compile(SHAPES);

    static {
        System.getenv().forEach(LogSecrets::addSetting);
    }

    private LogSecrets() {
    }

    /** The text with every secret value and every token-shaped string replaced by ***. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return pattern.matcher(text).replaceAll(MASK);
    }

    /** Masks {@code value} from now on, also URL-encoded (as it appears in a query string). */
    public static void add(String value) {
        if (value == null || value.strip().length() < MIN_LENGTH) {
            return;
        }
        String v = value.strip();
        boolean changed = values.add(v);
        changed |= values.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
        if (changed) {
            rebuild();
        }
    }

    /**
     * Masks the value of a setting when its name says it is a secret, and the password of any URL
     * in it, e.g. BOT_REDIS_URL=redis://:PASSWORD@host.
     */
    static void addSetting(String name, String value) {
        if (name == null || value == null) {
            return;
        }
        if (SECRET_NAME.matcher(name).find()) {
            add(value);
        }
        Matcher m = URL_PASSWORD.matcher(value);
        while (m.find()) {
            add(m.group(1));
        }
    }

    static void addSettings(Map<String, String> settings) {
        settings.forEach(LogSecrets::addSetting);
    }

    /** Longest values first, so a secret that contains another is masked whole. */
    private static synchronized void rebuild() {
        String literal = values.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        pattern = Pattern.compile(literal.isEmpty() ? SHAPES : literal + "|" + SHAPES);
    }
}
