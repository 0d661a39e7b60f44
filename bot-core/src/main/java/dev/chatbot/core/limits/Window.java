package dev.chatbot.core.limits;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The periods a moment falls in: their ids (part of Redis keys) and when each ends.
 */
public record Window(Instant now, ZoneId zone, String minuteId, String dayId, String monthId,
                     Instant minuteEnds, Instant dayEnds, Instant monthEnds) {

    public String id(Period period) {
        return switch (period) {
            case MINUTE -> minuteId;
            case DAY -> dayId;
            case MONTH -> monthId;
        };
    }

    public Instant resetsAt(Period period) {
        return switch (period) {
            case MINUTE -> minuteEnds;
            case DAY -> dayEnds;
            case MONTH -> monthEnds;
        };
    }
}
