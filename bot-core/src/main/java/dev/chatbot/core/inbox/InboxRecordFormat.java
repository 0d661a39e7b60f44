package dev.chatbot.core.inbox;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link InboxRecord} as JSON. Fields a later version adds are ignored rather than refused, so
 * an older replica can still replay a newer one's records. A value that is not a record at all is
 * what the store held before records existed: the platform's payload alone.
 */
public final class InboxRecordFormat {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a record written before a field existed reads it as false
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public String write(InboxRecord record) {
        return json.writeValueAsString(record);
    }

    /**
     * @param platform and {@code id} say whose value it is, for values stored before records existed
     */
    public InboxRecord read(String platform, String id, String value) {
        try {
            JsonNode node = json.readTree(value);
            if (node.isObject() && node.has("payload") && node.has("id")) {
                return json.treeToValue(node, InboxRecord.class);
            }
        } catch (JacksonException e) {
            // not JSON: a payload of a platform that does not speak JSON
        }
        return InboxRecord.taken(platform, id, value, "", 0);
    }
}
