package dev.chatbot.core.limits;

import java.util.Map;

/**
 * A user's standing: use in the current minute, day and month, and the limits that apply.
 *
 * @param limits the effective caps: the user's own over the defaults
 */
public record UsageReport(String user, boolean banned, Map<Period, Spend> used, Limits limits, Window window) {

    public Spend used(Period period) {
        return used.getOrDefault(period, Spend.NOTHING);
    }
}
