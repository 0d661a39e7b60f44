package dev.chatbot.core.commands;

import dev.chatbot.core.limits.LimitStore;
import dev.chatbot.core.limits.Limits;
import dev.chatbot.core.limits.Meter;
import dev.chatbot.core.limits.Period;
import dev.chatbot.core.limits.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the arguments of the admin commands. Pure: no storage, no platform; errors come back as a
 * text key and its arguments, so the command can say exactly what it could not read.
 * <pre>
 * /limit &lt;user&gt; &lt;amount&gt; &lt;unit&gt;/&lt;period&gt;    e.g. /limit @alice 50 requests/day, /limit default 5 usd/month,
 *                                      /limit @bob 0 images/day (no drawing)
 * /unlimit &lt;user&gt;   /ban &lt;user&gt;   /unban &lt;user&gt;   /usage &lt;user&gt;
 * </pre>
 * A user is @username, a numeric id, platform:id, "default" (where allowed), or left out when the
 * command replies to that user's message. An amount is a number (50, 20000, 20k, 1.5m, 2.50, $5)
 * or "unlimited". "per" may stand for the slash: 50 requests per day.
 */
public final class LimitGrammar {

    /** Whom a command is about. */
    public sealed interface Target {

        record Username(String name) implements Target {
        }

        /** @param platform null for the platform the command came from */
        record UserId(String platform, String id) implements Target {
        }

        /** Everyone without a limit of their own. */
        record Everyone() implements Target {
        }

        /** The author of the message the command replies to. */
        record RepliedTo() implements Target {
        }
    }

    /** /limit: amount is in the unit's base (requests, tokens, micro-dollars, images), or {@link Limits#UNLIMITED}. */
    public record SetLimit(Target target, Meter meter, long amount) {
    }

    /** What was read, or why not: a text key and its arguments. */
    public record Parsed<T>(T value, String error, List<Object> errorArgs) {

        static <T> Parsed<T> ok(T value) {
            return new Parsed<>(value, null, List.of());
        }

        static <T> Parsed<T> error(String key, Object... args) {
            return new Parsed<>(null, key, List.of(args));
        }

        public boolean isOk() {
            return error == null;
        }
    }

    private static final Pattern USERNAME = Pattern.compile("@([A-Za-z0-9_]{1,64})");
    private static final Pattern NUMERIC_ID = Pattern.compile("-?\\d+");
    private static final Pattern PLATFORM_ID = Pattern.compile("([a-z][a-z0-9_-]*):(\\S+)");
    private static final Pattern AMOUNT = Pattern.compile("\\$?(\\d+(?:\\.\\d+)?)([km]?)");
    private static final Pattern THOUSANDS = Pattern.compile("\\$?\\d{1,3}(,\\d{3})+(\\.\\d+)?[km]?");

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("requests", Unit.REQUESTS), Map.entry("request", Unit.REQUESTS), Map.entry("req", Unit.REQUESTS),
            Map.entry("reqs", Unit.REQUESTS), Map.entry("messages", Unit.REQUESTS), Map.entry("message", Unit.REQUESTS),
            Map.entry("tokens", Unit.TOKENS), Map.entry("token", Unit.TOKENS), Map.entry("tok", Unit.TOKENS),
            Map.entry("usd", Unit.USD), Map.entry("$", Unit.USD), Map.entry("dollars", Unit.USD),
            Map.entry("dollar", Unit.USD), Map.entry("images", Unit.IMAGES), Map.entry("image", Unit.IMAGES),
            Map.entry("img", Unit.IMAGES), Map.entry("pictures", Unit.IMAGES), Map.entry("picture", Unit.IMAGES),
            Map.entry("drawings", Unit.IMAGES), Map.entry("drawing", Unit.IMAGES));

    private static final Map<String, Period> PERIODS = Map.ofEntries(
            Map.entry("minute", Period.MINUTE), Map.entry("minutes", Period.MINUTE), Map.entry("min", Period.MINUTE),
            Map.entry("day", Period.DAY), Map.entry("days", Period.DAY), Map.entry("d", Period.DAY),
            Map.entry("month", Period.MONTH), Map.entry("months", Period.MONTH), Map.entry("mo", Period.MONTH));

    private static final List<String> UNLIMITED_WORDS = List.of("unlimited", "none", "off", "no-limit", "∞");

    private LimitGrammar() {
    }

    /** The arguments of /limit; {@code replying} says whether the command replies to a user's message. */
    public static Parsed<SetLimit> limit(String args, boolean replying) {
        String[] words = words(args.replaceAll("(?i)\\s+per\\s+", "/").replaceAll("\\s*/\\s*", "/"));
        if (words.length == 0) {
            return Parsed.error("limit.error.empty");
        }
        Target target;
        int next;
        if (words.length == 3) {
            Parsed<Target> t = target(words[0], true);
            if (!t.isOk()) {
                return Parsed.error(t.error(), t.errorArgs().toArray());
            }
            target = t.value();
            next = 1;
        } else if (words.length == 2 && !words[1].contains("/")) {
            return Parsed.error("limit.error.meter", words[1]);
        } else if (words.length == 2 && replying) {
            target = new Target.RepliedTo();
            next = 0;
        } else if (words.length == 2) {
            return isAmount(words[0]) ? Parsed.error("limit.error.user") : Parsed.error("limit.error.incomplete");
        } else if (words.length == 1) {
            return Parsed.error("limit.error.incomplete");
        } else {
            return Parsed.error("limit.error.extra", String.join(" ", List.of(words).subList(3, words.length)));
        }
        Parsed<Meter> meter = meter(words[next + 1]);
        if (!meter.isOk()) {
            return Parsed.error(meter.error(), meter.errorArgs().toArray());
        }
        Parsed<Long> amount = amount(words[next], meter.value().unit());
        if (!amount.isOk()) {
            return Parsed.error(amount.error(), amount.errorArgs().toArray());
        }
        return Parsed.ok(new SetLimit(target, meter.value(), amount.value()));
    }

    /**
     * The arguments of /unlimit, /ban, /unban and /usage: one user, or none when replying.
     *
     * @param everyoneAllowed whether "default" may stand for everyone (only /unlimit)
     */
    public static Parsed<Target> target(String args, boolean replying, boolean everyoneAllowed) {
        String[] words = words(args);
        if (words.length == 0) {
            return replying ? Parsed.ok(new Target.RepliedTo()) : Parsed.error("limit.error.user");
        }
        if (words.length > 1) {
            return Parsed.error("limit.error.extra", String.join(" ", List.of(words).subList(1, words.length)));
        }
        return target(words[0], everyoneAllowed);
    }

    static Parsed<Target> target(String word, boolean everyoneAllowed) {
        if (word.equalsIgnoreCase(LimitStore.DEFAULT)) {
            return everyoneAllowed ? Parsed.ok(new Target.Everyone()) : Parsed.error("limit.error.default");
        }
        Matcher m = USERNAME.matcher(word);
        if (m.matches()) {
            return Parsed.ok(new Target.Username(m.group(1)));
        }
        if (NUMERIC_ID.matcher(word).matches()) {
            return isUserNumber(word) ? Parsed.ok(new Target.UserId(null, word)) : Parsed.error("limit.error.user.form", word);
        }
        m = PLATFORM_ID.matcher(word);
        if (m.matches()) {
            String id = m.group(2);
            if (NUMERIC_ID.matcher(id).matches() && !isUserNumber(id)) {
                return Parsed.error("limit.error.user.form", word);
            }
            return Parsed.ok(new Target.UserId(m.group(1), id));
        }
        return Parsed.error("limit.error.user.form", word);
    }

    /**
     * Numeric user ids are positive on every platform and fit a long (Telegram's are below 2^52,
     * Discord's snowflakes below 2^63); a negative number is a group, not a user, and anything
     * larger than a long names nobody. Non-numeric ids (WeChat's openids) pass as written.
     */
    private static boolean isUserNumber(String digits) {
        try {
            return Long.parseLong(digits) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Parsed<Meter> meter(String word) {
        int slash = word.indexOf('/');
        if (slash < 0) {
            return Parsed.error("limit.error.meter", word);
        }
        String unitWord = word.substring(0, slash).toLowerCase(Locale.ROOT);
        String periodWord = word.substring(slash + 1).toLowerCase(Locale.ROOT);
        Unit unit = UNITS.get(unitWord);
        if (unit == null) {
            return Parsed.error("limit.error.unit", word.substring(0, slash));
        }
        Period period = PERIODS.get(periodWord);
        if (period == null) {
            return Parsed.error("limit.error.period", word.substring(slash + 1));
        }
        return Parsed.ok(Meter.of(unit, period));
    }

    static Parsed<Long> amount(String word, Unit unit) {
        String w = word.toLowerCase(Locale.ROOT);
        if (UNLIMITED_WORDS.contains(w)) {
            return Parsed.ok(Limits.UNLIMITED);
        }
        if (THOUSANDS.matcher(w).matches()) {
            w = w.replace(",", "");
        }
        Matcher m = AMOUNT.matcher(w);
        if (!m.matches()) {
            return Parsed.error("limit.error.amount", word);
        }
        BigDecimal value = new BigDecimal(m.group(1));
        value = switch (m.group(2)) {
            case "k" -> value.multiply(BigDecimal.valueOf(1_000));
            case "m" -> value.multiply(BigDecimal.valueOf(1_000_000));
            default -> value;
        };
        if (unit == Unit.USD) {
            value = value.multiply(BigDecimal.valueOf(Unit.MICROS)).setScale(0, RoundingMode.HALF_UP);
        } else if (value.stripTrailingZeros().scale() > 0) {
            return Parsed.error("limit.error.whole", word, unit.word());
        }
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 16)) > 0) {
            return Parsed.error("limit.error.amount", word);
        }
        return Parsed.ok(value.longValueExact());
    }

    private static boolean isAmount(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return UNLIMITED_WORDS.contains(w) || THOUSANDS.matcher(w).matches() || AMOUNT.matcher(w).matches();
    }

    private static String[] words(String args) {
        String s = args == null ? "" : args.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }
}
