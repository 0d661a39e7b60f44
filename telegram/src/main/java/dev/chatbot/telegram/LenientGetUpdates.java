package dev.chatbot.telegram;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * getUpdates that reads its answer update by update: one update telegrambots cannot map (an id
 * beyond its int, a field of an unexpected shape) is logged and skipped, where the library would
 * fail the whole batch and, since the same batch comes back on every retry, stop the chat stream
 * for good. The highest update id of the batch, read or skipped, goes to {@code seen}, so the next
 * offset moves past a skipped update even when it is the last one; the offset is sent as a long
 * for that reason (telegrambots' own field is an int).
 */
final class LenientGetUpdates extends GetUpdates {

    private static final Logger log = LoggerFactory.getLogger(LenientGetUpdates.class);

    private final long offset;
    private final LongConsumer seen;

    LenientGetUpdates(long offset, int limit, int timeoutSeconds, List<String> allowedUpdates, LongConsumer seen) {
        this.offset = offset;
        this.seen = seen;
        setLimit(limit);
        setTimeout(timeoutSeconds);
        setAllowedUpdates(allowedUpdates);
    }

    /** Serialized in place of the library's int offset (Jackson prefers the subclass's getter). */
    @JsonProperty("offset")
    public long getWideOffset() {
        return offset;
    }

    @Override
    public ArrayList<Update> deserializeResponse(String answer) throws TelegramApiRequestException {
        JsonNode envelope;
        try {
            envelope = OBJECT_MAPPER.readTree(answer);
        } catch (IOException e) {
            throw new TelegramApiRequestException("Unable to deserialize response", e);
        }
        if (!envelope.path("ok").asBoolean(false) || !envelope.path("result").isArray()) {
            return super.deserializeResponse(answer); // the library's own error, with Telegram's description
        }
        ArrayList<Update> updates = new ArrayList<>();
        long highest = Long.MIN_VALUE;
        for (JsonNode node : envelope.path("result")) {
            JsonNode id = node.path("update_id");
            if (id.canConvertToLong()) {
                highest = Math.max(highest, id.longValue());
            }
            try {
                updates.add(OBJECT_MAPPER.treeToValue(node, Update.class));
            } catch (IOException | RuntimeException e) {
                log.warn("Skipped Telegram update {} that cannot be read: {}", id.isMissingNode() ? "without an id" : id,
                        firstLine(e.getMessage()));
            }
        }
        if (highest != Long.MIN_VALUE) {
            seen.accept(highest);
        }
        return updates;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
