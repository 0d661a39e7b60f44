package dev.chatbot.core.tools.builtin;

import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.tools.Tool;
import dev.chatbot.core.tools.ToolException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** current_time: the date and time now, in the bot's zone (BOT_TIMEZONE) or one the model names. */
public final class CurrentTime implements Tool {

    public static final String NAME = "current_time";

    private static final ToolSpec SPEC = new ToolSpec(NAME,
            "The current date, time and weekday. Without a timezone it answers in the bot's own zone.",
            "{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\","
                    + "\"description\":\"An IANA time zone such as Europe/Paris or Asia/Shanghai\"}}}");

    private final Clock clock;
    private final ZoneId home;

    public CurrentTime(Clock clock, ZoneId home) {
        this.clock = clock;
        this.home = home;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public String call(JsonNode arguments) throws ToolException {
        String named = arguments.path("timezone").asString("").strip();
        ZoneId zone;
        try {
            zone = named.isEmpty() ? home : ZoneId.of(named);
        } catch (DateTimeException e) {
            throw new ToolException("unknown time zone '" + named + "'; use an IANA name such as Europe/Paris");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        return now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (" + now.getDayOfWeek()
                .getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ", " + zone.getId() + ")";
    }
}
