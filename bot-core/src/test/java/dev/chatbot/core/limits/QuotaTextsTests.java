package dev.chatbot.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.i18n.Texts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaTextsTests {

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T18:48:00Z"));
    final QuotaPeriods periods = new QuotaPeriods(clock, ZoneId.of("UTC"));
    final QuotaTexts texts = new QuotaTexts(new Texts(), periods);

    @Test
    void dollars_show_cents_or_four_decimals_for_small_sums() {
        assertThat(QuotaTexts.usd(0)).isEqualTo("$0.00");
        assertThat(QuotaTexts.usd(5_000_000)).isEqualTo("$5.00");
        assertThat(QuotaTexts.usd(12_345)).isEqualTo("$0.01");
        assertThat(QuotaTexts.usd(1_234)).isEqualTo("$0.0012");
        assertThat(QuotaTexts.usd(40)).isEqualTo("<$0.0001");
    }

    @Test
    void amounts_and_caps_read_naturally_in_both_languages() {
        assertThat(texts.amount("en", Unit.TOKENS, 20_000)).isEqualTo("20,000 tokens");
        assertThat(texts.amount("en", Unit.REQUESTS, 1)).isEqualTo("1 request");
        assertThat(texts.cap("en", Meter.of(Unit.REQUESTS, Period.DAY), 50)).isEqualTo("50 requests per day");
        assertThat(texts.cap("en", Meter.of(Unit.USD, Period.MONTH), 5_000_000)).isEqualTo("$5.00 per month");
        assertThat(texts.cap("zh-hans", Meter.of(Unit.REQUESTS, Period.DAY), 50)).isEqualTo("每天 50 次请求");
    }

    @Test
    void reset_times_name_the_moment_and_how_far_off_it_is() {
        Window w = periods.current();
        assertThat(texts.resets("en", Period.DAY, w.dayEnds())).isEqualTo("at 2025-01-16 00:00 UTC (in 5 h 12 min)");
        assertThat(texts.resets("en", Period.MONTH, w.monthEnds())).isEqualTo("at 2025-02-01 00:00 UTC (in 16 d 5 h)");
        assertThat(texts.duration("en", Duration.ofHours(3))).isEqualTo("3 h");
        assertThat(texts.duration("en", Duration.ofDays(2))).isEqualTo("2 d");
        assertThat(texts.duration("zh", Duration.ofMinutes(61))).isEqualTo("1 小时 1 分钟");
        clock.advance(Duration.ofSeconds(18));
        assertThat(texts.resets("en", Period.MINUTE, periods.current().minuteEnds())).isEqualTo("in 42 s");
    }

    @Test
    void the_refusal_says_what_was_used_of_which_limit_and_when_it_resets() {
        Window w = periods.current();
        String refusal = texts.overLimit("en", new Admission.OverLimit(Meter.of(Unit.TOKENS, Period.DAY), 20_312, 20_000,
                w.dayEnds()));
        assertThat(refusal).isEqualTo("You've reached your limit: 20,312 of 20,000 tokens per day used. "
                + "It resets at 2025-01-16 00:00 UTC (in 5 h 12 min).");
        String zh = texts.overLimit("zh", new Admission.OverLimit(Meter.of(Unit.REQUESTS, Period.DAY), 5, 5, w.dayEnds()));
        assertThat(zh).contains("每天 5 次请求", "2025-01-16 00:00 UTC");
    }

    @Test
    void images_show_in_use_and_limits_and_a_zero_limit_says_plainly_that_it_is_not_allowed() {
        Window w = periods.current();
        Meter imagesPerDay = Meter.of(Unit.IMAGES, Period.DAY);
        assertThat(texts.spent("en", new Spend(3, 1_200, 81_234, 2))).isEqualTo("3 requests, 1,200 tokens, 2 images, ≈ $0.08");
        assertThat(texts.spent("en", new Spend(3, 1_200, 1_234))).isEqualTo("3 requests, 1,200 tokens, ≈ $0.0012");
        assertThat(texts.overLimit("en", new Admission.OverLimit(imagesPerDay, 1, 1, w.dayEnds())))
                .isEqualTo("You've reached your limit: 1 of 1 image per day used. It resets at 2025-01-16 00:00 UTC (in 5 h 12 min).");
        assertThat(texts.overLimit("en", new Admission.OverLimit(imagesPerDay, 0, 0, w.dayEnds())))
                .isEqualTo("Sorry, your limit is 0 images per day, so I can't do that for you. Ask an admin if you need it.");
        assertThat(texts.overLimit("zh", new Admission.OverLimit(imagesPerDay, 0, 0, w.dayEnds()))).contains("每天 0 张图片");
        UsageReport report = new UsageReport("telegram:1", false, Map.of(Period.DAY, new Spend(1, 0, 40_000, 1)),
                Limits.none().with(imagesPerDay, 10), w);
        assertThat(texts.usage("en", report, null)).contains("Today: 1 request, 0 tokens, 1 image, ≈ $0.04",
                "• 1 of 10 images per day used, 9 left");
    }

    @Test
    void the_usage_report_shows_use_limits_what_is_left_and_resets() {
        Window w = periods.current();
        Limits limits = Limits.none().with(Meter.of(Unit.REQUESTS, Period.DAY), 50)
                .with(Meter.of(Unit.REQUESTS, Period.MINUTE), 5);
        UsageReport report = new UsageReport("telegram:1", false,
                Map.of(Period.DAY, new Spend(3, 1_200, 1_234), Period.MONTH, new Spend(10, 9_000, 20_000)), limits, w);
        assertThat(texts.usage("en", report, null)).isEqualTo("""
                Your usage
                Today: 3 requests, 1,200 tokens, ≈ $0.0012
                • 3 of 50 requests per day used, 47 left
                • resets at 2025-01-16 00:00 UTC (in 5 h 12 min)
                This month: 10 requests, 9,000 tokens, ≈ $0.02
                • no limits
                Rate limit: 5 requests per minute
                Costs are estimates from the models' prices.""");
    }

    @Test
    void stats_list_models_totals_and_the_heaviest_users_by_name_where_known() {
        StatsReport.PeriodStats today = new StatsReport.PeriodStats(
                Map.of("gpt-4o-mini", new Spend(3, 3_000, 1_000), "gpt-4o", new Spend(1, 2_000, 25_000)),
                Map.of("telegram:1", new Spend(1, 2_000, 25_000), "telegram:2", new Spend(3, 3_000, 1_000)));
        StatsReport report = new StatsReport(periods.current(), today,
                new StatsReport.PeriodStats(Map.of(), Map.of()));
        assertThat(texts.stats("en", report, Map.of("telegram:1", "alice"))).isEqualTo("""
                Today (2025-01-15):
                • gpt-4o: 1 request, 2,000 tokens, ≈ $0.03
                • gpt-4o-mini: 3 requests, 3,000 tokens, ≈ $0.0010
                • total: 4 requests, 5,000 tokens, ≈ $0.03
                Top users:
                • @alice: 1 request, 2,000 tokens, ≈ $0.03
                • telegram:2: 3 requests, 3,000 tokens, ≈ $0.0010
                This month (2025-01):
                • nothing yet""");
    }
}
