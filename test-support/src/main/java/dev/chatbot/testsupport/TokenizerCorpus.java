package dev.chatbot.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts that exercise a tokenizer: the project's README paragraph by paragraph and a few of its source
 * files (real prose, Markdown, YAML and Java), hand-picked scripts and symbols, long runs of one
 * character, and seeded random Unicode with surrogate pairs, lone surrogates, combining marks and
 * control characters. The same list every run, so a counter can be compared with a reference and timed.
 */
public final class TokenizerCorpus {

    /** Source files of the project that go into the corpus whole, relative to the repository root. */
    static final List<String> SOURCE_FILES = List.of(
            "pom.xml",
            "bot-core/src/main/java/dev/chatbot/core/history/ContextTrimmer.java",
            "bot-core/src/main/java/dev/chatbot/core/history/BytePairCounter.java",
            "bot-core/src/main/resources/dev/chatbot/core/i18n/messages.properties",
            "bot-core/src/main/resources/dev/chatbot/core/i18n/messages_zh.properties",
            "deploy/src/main/resources/application.yml",
            "deploy/src/main/resources/builtin-models.yml");

    static final List<String> SAMPLES = List.of(
            "Hello, world! How's it going? I'm fine; they're here, we've done it, you'll see, he'd know.",
            "HELLO WORLD'S END, I'M SHOUTING. CamelCaseIdentifiersAndHTTPServerXMLParser",
            "你好，世界！今天天气很好，我们去公园散步吧。机器人可以回答你的问题。",
            "日本語のテキスト：東京は日本の首都です。ひらがな、カタカナ、漢字が混ざっています。",
            "Привет, мир! Как дела? Съешь же ещё этих мягких французских булок, да выпей чаю.",
            "مرحبا بالعالم! كيف حالك؟ هذه جملة باللغة العربية مع أرقام ١٢٣٤٥٦٧٨٩٠.",
            "עברית: שלום עולם. ไทย: สวัสดีชาวโลก. हिन्दी: नमस्ते दुनिया. 한국어: 안녕하세요 세계.",
            "Emoji 😀😃😄😁 👨‍👩‍👧‍👦 family, 🇩🇪🇨🇳 flags, 👍🏽 skin tone, ❤️ heart, 🧑‍💻 coder.",
            "public static void main(String[] args) {\n    System.out.println(\"x = \" + (a << 3) + b[i++]);\n}\n",
            "def f(x):\n\tif x >= 10 and not y:\n\t\treturn {'k': [1, 2, 3]}\n\telse:\n\t\treturn None\n",
            "SELECT id, name FROM users WHERE created_at > '2024-01-01' AND score <= 3.14159 ORDER BY 2 DESC;",
            "3.14159265358979323846 1,234,567.89 0xDEADBEEF 1e-10 -42 +7 2024-12-31T23:59:59Z 100% $1,000,000",
            "1234567890123456789012345678901234567890 ١٢٣٤٥ ０１２３４ Ⅻ ½ ² ³",
            "   leading and trailing   \n\n\n  \t\t  mixed\r\n\r\nwhitespace \u00a0\u2003\u3000 and\u200bzero width  ",
            "\n\n\n\n    \n\t\n   \r\r\r   x   \n   ",
            "https://example.com/path/to/page?query=value&other=1#fragment user@example.org C:\\Windows\\system32",
            "<div class=\"a\"><p>HTML &amp; entities &lt;tag&gt;</p></div> **bold** _it_ `code` [link](url)",
            "e\u0301 a\u0308 n\u0303 combining: Z\u0351\u0352\u0353\u0354a\u0355\u0356lgo\u0357\u0358",
            "control \u0000\u0001\u0007\u001b[31mred\u001b[0m \u007f\u0085\u2028\u2029 end",
            "lone surrogates \ud800 x \udc00 y \ud83d",
            "don't Don'T DON'T it'S we'Re 's 't 'll 'RE 'vE",
            "aaaaabbbbbcccccddddd ----- ===== ..... !!!!! ????? ,,,,, ;;;;;");

    private TokenizerCorpus() {
    }

    /** Everything: the project's texts, the samples, the long runs and the random strings. */
    public static List<String> all() {
        List<String> texts = new ArrayList<>(projectTexts());
        texts.addAll(SAMPLES);
        texts.addAll(longRuns());
        texts.addAll(randomUnicode(new Random(20_241_202L), 1_500, 400));
        texts.addAll(randomWords(new Random(7L), 300, 2_000));
        return texts;
    }

    /** The README, whole and paragraph by paragraph, then each of {@link #SOURCE_FILES}. */
    public static List<String> projectTexts() {
        Path root = repositoryRoot();
        String readme = read(root.resolve("README.md"));
        List<String> texts = new ArrayList<>();
        texts.add(readme);
        for (String paragraph : readme.split("\n\\s*\n")) {
            if (!paragraph.isBlank()) {
                texts.add(paragraph);
            }
        }
        for (String file : SOURCE_FILES) {
            texts.add(read(root.resolve(file)));
        }
        return texts;
    }

    /** One character many times: single pieces far longer than any token. */
    public static List<String> longRuns() {
        return List.of(
                "a".repeat(5_000),
                " ".repeat(2_000),
                " ".repeat(2_000) + "x",
                "\n".repeat(1_000),
                "ab".repeat(1_500),
                "1".repeat(3_000),
                "=".repeat(4_000),
                "_-".repeat(1_000),
                "好".repeat(2_000),
                "😀".repeat(600),
                "Ab".repeat(800) + "'s",
                "zZ".repeat(700));
    }

    /**
     * {@code count} strings of up to {@code maxLength} chars drawn from ASCII, Latin, Cyrillic, Arabic,
     * CJK, combining marks, whitespace and controls, emoji and other supplementary characters (as
     * surrogate pairs) and, now and then, a lone surrogate.
     */
    public static List<String> randomUnicode(Random random, int count, int maxLength) {
        int[][] ranges = {
                {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0x24F}, {0x300, 0x36F},
                {0x400, 0x4FF}, {0x600, 0x6FF}, {0x0E00, 0x0E7F}, {0x2000, 0x206F}, {0x3000, 0x30FF},
                {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xFF00, 0xFFEF}, {0x1F300, 0x1FAFF}, {0x10000, 0x10FFFF},
                {0xD800, 0xDFFF}};
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = random.nextInt(maxLength + 1);
            StringBuilder text = new StringBuilder(length * 2);
            while (text.length() < length) {
                int[] range = ranges[random.nextInt(ranges.length)];
                int runLength = 1 + random.nextInt(12);
                for (int r = 0; r < runLength; r++) {
                    int codePoint = range[0] + random.nextInt(range[1] - range[0] + 1);
                    if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
                        text.append((char) codePoint);
                    } else {
                        text.appendCodePoint(codePoint);
                    }
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /**
     * {@code count} texts of up to {@code maxLength} chars made of random letter runs, digits,
     * punctuation and spaces: long made-up words merge many times before they stop.
     */
    public static List<String> randomWords(Random random, int count, int maxLength) {
        String letters = "etaoinshrdlucmfwypvbgkjqxzETAOINSHRDLU";
        String others = "0123456789 .,;:!?'\"()[]{}<>-_/\\\n\t";
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = random.nextInt(maxLength + 1);
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                int word = random.nextInt(10) == 0 ? 100 + random.nextInt(700) : 1 + random.nextInt(12);
                for (int c = 0; c < word; c++) {
                    text.append(letters.charAt(random.nextInt(letters.length())));
                }
                text.append(others.charAt(random.nextInt(others.length())));
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /** The directory with the project's README and root pom, looked for upwards from the working directory. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("bot-core/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No project root (README.md beside bot-core/) above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
