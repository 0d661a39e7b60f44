package dev.chatbot.core.commands;

import dev.chatbot.core.commands.LimitGrammar.Parsed;
import dev.chatbot.core.commands.LimitGrammar.SetLimit;
import dev.chatbot.core.commands.LimitGrammar.Target;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.limits.Limits;
import dev.chatbot.core.limits.Meter;
import dev.chatbot.core.limits.Period;
import dev.chatbot.core.limits.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitGrammarTests {

    static SetLimit ok(String args) {
        Parsed<SetLimit> p = LimitGrammar.limit(args, false);
        assertThat(p.error()).as("error for '%s'", args).isNull();
        return p.value();
    }

    static Parsed<SetLimit> bad(String args) {
        Parsed<SetLimit> p = LimitGrammar.limit(args, false);
        assertThat(p.isOk()).as("'%s' should not parse", args).isFalse();
        return p;
    }

    @Test
    void the_examples_of_the_help_parse_to_user_meter_and_amount() {
        assertThat(ok("@alice 50 requests/day"))
                .isEqualTo(new SetLimit(new Target.Username("alice"), Meter.of(Unit.REQUESTS, Period.DAY), 50));
        assertThat(ok("123456 20000 tokens/day"))
                .isEqualTo(new SetLimit(new Target.UserId(null, "123456"), Meter.of(Unit.TOKENS, Period.DAY), 20_000));
        assertThat(ok("@bob 5 usd/month"))
                .isEqualTo(new SetLimit(new Target.Username("bob"), Meter.of(Unit.USD, Period.MONTH), 5_000_000));
        assertThat(ok("default 100 requests/day"))
                .isEqualTo(new SetLimit(new Target.Everyone(), Meter.of(Unit.REQUESTS, Period.DAY), 100));
        assertThat(ok("@carol 10 requests/minute").meter()).isEqualTo(Meter.of(Unit.REQUESTS, Period.MINUTE));
    }

    @Test
    void every_unit_and_period_and_their_common_spellings_are_understood() {
        for (Unit u : Unit.values()) {
            for (Period p : Period.values()) {
                assertThat(ok("@x 1 " + u.word() + "/" + p.word()).meter()).isEqualTo(Meter.of(u, p));
            }
        }
        assertThat(ok("@x 3 Request/Min").meter()).isEqualTo(Meter.of(Unit.REQUESTS, Period.MINUTE));
        assertThat(ok("@x 3 messages/days").meter()).isEqualTo(Meter.of(Unit.REQUESTS, Period.DAY));
        assertThat(ok("@x 3 token/mo").meter()).isEqualTo(Meter.of(Unit.TOKENS, Period.MONTH));
        assertThat(ok("@x 3 $/month").meter()).isEqualTo(Meter.of(Unit.USD, Period.MONTH));
        assertThat(ok("@x 3 dollars/d").meter()).isEqualTo(Meter.of(Unit.USD, Period.DAY));
    }

    @Test
    void images_are_a_unit_counted_in_whole_pictures_and_zero_denies_drawing() {
        assertThat(ok("@bob 10 images/day"))
                .isEqualTo(new SetLimit(new Target.Username("bob"), Meter.of(Unit.IMAGES, Period.DAY), 10));
        assertThat(ok("@bob 0 images/day").amount()).isZero();
        assertThat(ok("@bob 3 image per month").meter()).isEqualTo(Meter.of(Unit.IMAGES, Period.MONTH));
        assertThat(ok("@bob 2 pictures/d").meter()).isEqualTo(Meter.of(Unit.IMAGES, Period.DAY));
        assertThat(bad("@bob 1.5 images/day").error()).isEqualTo("limit.error.whole");
        assertThat(new Texts().get("en", "limit.error.unit", "pics")).contains("images");
        assertThat(new Texts().get("zh", "limit.error.unit", "pics")).contains("images");
    }

    @Test
    void amounts_take_suffixes_separators_decimals_and_unlimited() {
        assertThat(ok("@x 20k tokens/day").amount()).isEqualTo(20_000);
        assertThat(ok("@x 1.5m tokens/month").amount()).isEqualTo(1_500_000);
        assertThat(ok("@x 20,000 tokens/day").amount()).isEqualTo(20_000);
        assertThat(ok("@x 2.50 usd/month").amount()).isEqualTo(2_500_000);
        assertThat(ok("@x $0.5 usd/day").amount()).isEqualTo(500_000);
        assertThat(ok("@x 0 requests/day").amount()).isZero();
        assertThat(ok("@x unlimited requests/day").amount()).isEqualTo(Limits.UNLIMITED);
        assertThat(ok("@x none tokens/month").amount()).isEqualTo(Limits.UNLIMITED);
    }

    @Test
    void spaces_around_the_slash_and_per_are_forgiven() {
        assertThat(ok("@alice 50 requests / day").meter()).isEqualTo(Meter.of(Unit.REQUESTS, Period.DAY));
        assertThat(ok("@alice 50 requests per day").meter()).isEqualTo(Meter.of(Unit.REQUESTS, Period.DAY));
        assertThat(ok("  @alice   50   tokens/month  ").amount()).isEqualTo(50);
    }

    @Test
    void users_are_usernames_ids_platform_ids_default_or_the_replied_to_author() {
        assertThat(ok("@Alice_99 1 requests/day").target()).isEqualTo(new Target.Username("Alice_99"));
        assertThat(ok("100987 1 requests/day").target()).isEqualTo(new Target.UserId(null, "100987"));
        assertThat(ok("9223372036854775807 1 requests/day").target())
                .isEqualTo(new Target.UserId(null, "9223372036854775807"));
        assertThat(ok("wechat:oAbC_123 1 requests/day").target()).isEqualTo(new Target.UserId("wechat", "oAbC_123"));
        assertThat(ok("discord:4242 1 requests/day").target()).isEqualTo(new Target.UserId("discord", "4242"));
        assertThat(ok("DEFAULT 1 requests/day").target()).isEqualTo(new Target.Everyone());
        Parsed<SetLimit> replying = LimitGrammar.limit("50 requests/day", true);
        assertThat(replying.value()).isEqualTo(new SetLimit(new Target.RepliedTo(), Meter.of(Unit.REQUESTS, Period.DAY), 50));
        // a named user wins over the reply
        assertThat(LimitGrammar.limit("@bob 5 requests/day", true).value().target()).isEqualTo(new Target.Username("bob"));
    }

    @Test
    void malformed_limits_say_what_is_wrong() {
        assertThat(bad("").error()).isEqualTo("limit.error.empty");
        assertThat(bad("@alice").error()).isEqualTo("limit.error.incomplete");
        assertThat(bad("@alice 50").error()).isEqualTo("limit.error.meter");
        assertThat(bad("@alice 50").errorArgs()).containsExactly("50");
        assertThat(bad("50 requests/day").error()).as("no user and no reply").isEqualTo("limit.error.user");
        assertThat(bad("@alice requests/day").error()).isEqualTo("limit.error.incomplete");
        Parsed<SetLimit> unit = bad("@alice 50 tokns/day");
        assertThat(unit.error()).isEqualTo("limit.error.unit");
        assertThat(unit.errorArgs()).containsExactly("tokns");
        Parsed<SetLimit> period = bad("@alice 50 tokens/week");
        assertThat(period.error()).isEqualTo("limit.error.period");
        assertThat(period.errorArgs()).containsExactly("week");
        Parsed<SetLimit> amount = bad("@alice lots tokens/day");
        assertThat(amount.error()).isEqualTo("limit.error.amount");
        assertThat(amount.errorArgs()).containsExactly("lots");
        assertThat(bad("@alice -5 tokens/day").error()).isEqualTo("limit.error.amount");
        assertThat(bad("@alice 2.5 requests/day").error()).isEqualTo("limit.error.whole");
        assertThat(bad("@alice 1.0005k tokens/day").error()).isEqualTo("limit.error.whole");
        assertThat(bad("@alice 99999999999999999999 tokens/day").error()).isEqualTo("limit.error.amount");
        assertThat(bad("alice 50 requests/day").error()).isEqualTo("limit.error.user.form");
        assertThat(bad("@alice 50 requests/day now please").errorArgs()).containsExactly("now please");
        assertThat(bad("@alice 50 requests").error()).isEqualTo("limit.error.meter");
    }

    @Test
    void a_numeric_user_id_is_a_positive_long_or_no_user_at_all() {
        for (String id : List.of("-1", "0", "-100987", "9223372036854775808", "99999999999999999999",
                "telegram:-1", "discord:0", "telegram:99999999999999999999")) {
            Parsed<SetLimit> limit = bad(id + " 5 requests/day");
            assertThat(limit.error()).as(id).isEqualTo("limit.error.user.form");
            assertThat(limit.errorArgs()).as(id).containsExactly(id);
            assertThat(LimitGrammar.target(id, false, false).error()).as(id).isEqualTo("limit.error.user.form");
        }
    }

    @Test
    void single_user_commands_take_one_user_or_a_reply() {
        assertThat(LimitGrammar.target("@bob", false, false).value()).isEqualTo(new Target.Username("bob"));
        assertThat(LimitGrammar.target("", true, false).value()).isEqualTo(new Target.RepliedTo());
        assertThat(LimitGrammar.target("default", false, true).value()).isEqualTo(new Target.Everyone());
        assertThat(LimitGrammar.target("", false, false).error()).isEqualTo("limit.error.user");
        assertThat(LimitGrammar.target("default", false, false).error()).isEqualTo("limit.error.default");
        assertThat(LimitGrammar.target("@bob @carol", false, false).error()).isEqualTo("limit.error.extra");
        assertThat(LimitGrammar.target("bob!", false, false).error()).isEqualTo("limit.error.user.form");
    }

    @Test
    void every_error_key_has_a_text_in_english_and_chinese() {
        Texts texts = new Texts();
        List<String> keys = List.of("limit.error.empty", "limit.error.incomplete", "limit.error.user",
                "limit.error.user.form", "limit.error.default", "limit.error.meter", "limit.error.unit",
                "limit.error.period", "limit.error.amount", "limit.error.whole", "limit.error.extra", "help.admin");
        for (String key : keys) {
            String en = texts.get("en", key, "x", "y");
            String zh = texts.get("zh", key, "x", "y");
            assertThat(en).isNotBlank().doesNotContain("{0}");
            assertThat(zh).isNotBlank().isNotEqualTo(en);
        }
        assertThat(texts.get("en", "help.admin")).contains("/limit <user> <amount> <unit>/<period>",
                "/limit @alice 50 requests/day", "/unlimit", "/ban", "/unban", "/usage <user>", "/stats");
    }
}
