package dev.chatbot.core.history;

import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * The o200k_base encoding as a {@link BytePairCounter}, loaded once per process and shared (it is
 * immutable). The vocabulary is jtokkit's own copy of OpenAI's file, read from the jtokkit jar.
 */
final class O200kBase {

    static final String VOCABULARY = "/com/knuddels/jtokkit/o200k_base.tiktoken";

    /**
     * tiktoken's published o200k_base pre-tokenizer, written as jtokkit 1.1.0 writes it and compiled with
     * the same flag (UNICODE_CHARACTER_CLASS, so \s matches as in Python). jtokkit keeps its pattern in a
     * package-private factory and its Encoding does not expose it, so it is repeated here; the
     * differential test against jtokkit fails if the two ever disagree.
     */
    static final String PIECES = String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+");

    private O200kBase() {
    }

    /** The one shared counter, loaded by the first caller (class initialisation makes that thread-safe). */
    static BytePairCounter counter() {
        return Shared.COUNTER;
    }

    static BytePairCounter load() {
        InputStream vocabulary = O200kBase.class.getResourceAsStream(VOCABULARY);
        if (vocabulary == null) {
            throw new IllegalStateException("o200k_base vocabulary " + VOCABULARY + " is not on the classpath (the jtokkit jar)");
        }
        return new BytePairCounter(Pattern.compile(PIECES, Pattern.UNICODE_CHARACTER_CLASS), TokenRanks.read(vocabulary));
    }

    private static final class Shared {
        static final BytePairCounter COUNTER = load();
    }
}
