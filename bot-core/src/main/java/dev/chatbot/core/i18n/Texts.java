package dev.chatbot.core.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing texts in the user's language (English and Chinese so far), from properties
 * bundles read as UTF-8. Unknown languages get English.
 */
public final class Texts {

    /** The languages every text is written in; others get English. */
    public static final List<String> LANGUAGES = List.of("en", "zh");

    private static final String BUNDLE = "dev.chatbot.core.i18n.messages";

    private final ResourceBundle english;
    private final ResourceBundle chinese;

    public Texts() {
        this.english = ResourceBundle.getBundle(BUNDLE, Locale.ROOT);
        this.chinese = ResourceBundle.getBundle(BUNDLE, Locale.CHINESE);
    }

    /**
     * @param language a platform's language code such as "en", "zh-hans", "zh-CN"; null for the default
     */
    public String get(String language, String key, Object... args) {
        ResourceBundle bundle = isChinese(language) ? chinese : english;
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = english.getString(key);
        }
        // always through MessageFormat, so quotes are written the same way in every text
        return new MessageFormat(pattern, Locale.ROOT).format(args);
    }

    /** True when a text exists under {@code key}, in English at least. */
    public boolean has(String key) {
        return english.containsKey(key);
    }

    static boolean isChinese(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh");
    }
}
