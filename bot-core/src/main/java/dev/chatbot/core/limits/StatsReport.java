package dev.chatbot.core.limits;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Use of the whole bot in the current day and month. */
public record StatsReport(Window window, PeriodStats today, PeriodStats month) {

    /** @param byModel catalog id to use; @param byUser "platform:userId" to use */
    public record PeriodStats(Map<String, Spend> byModel, Map<String, Spend> byUser) {

        public Spend total() {
            return byModel.values().stream().reduce(Spend.NOTHING, Spend::plus);
        }

        /** The heaviest users first: by cost, then by tokens, then by images, then by requests. */
        public List<Map.Entry<String, Spend>> topUsers(int n) {
            Comparator<Spend> heavier = Comparator.comparingLong(Spend::microUsd)
                    .thenComparingLong(Spend::tokens).thenComparingLong(Spend::images).thenComparingLong(Spend::requests);
            return byUser.entrySet().stream()
                    .sorted(Map.Entry.<String, Spend>comparingByValue(heavier).reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(n).toList();
        }

        public List<Map.Entry<String, Spend>> models() {
            return byModel.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        }
    }
}
