package dev.chatbot.core.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message as one JSON entry of a chat's history. Text-only messages keep the first format,
 * {@code {"role":"user","content":"..."}}, which every entry written before content parts has;
 * others carry {@code "parts"}, each with a {@code "type"} ("text", "image": a reference, never the
 * bytes; "tool_use", "tool_result": a turn's tool steps, results cut to a budget). The history scripts read only {@code "role"}.
 */
public final class MessageJson {

    private final JsonMapper json;

    public MessageJson(JsonMapper json) {
        this.json = json;
    }

    public String encode(ChatMessage m) {
        ObjectNode node = json.createObjectNode();
        node.put("role", m.role().name().toLowerCase(Locale.ROOT));
        if (m.parts().size() == 1 && m.parts().getFirst() instanceof ChatMessage.Text t) {
            node.put("content", t.text());
            return json.writeValueAsString(node);
        }
        ArrayNode parts = node.putArray("parts");
        for (ChatMessage.Part part : m.parts()) {
            ObjectNode p = parts.addObject();
            switch (part) {
                case ChatMessage.Text t -> p.put("type", "text").put("text", t.text());
                case ChatMessage.Image i -> p.put("type", "image").put("id", i.id()).put("mediaType", i.mediaType())
                        .put("width", i.width()).put("height", i.height());
                case ChatMessage.ToolUse u -> p.put("type", "tool_use").put("id", u.id()).put("name", u.name())
                        .put("arguments", u.arguments()).put("signature", u.signature());
                case ChatMessage.ToolResult r -> p.put("type", "tool_result").put("id", r.callId()).put("name", r.name())
                        .put("content", r.content()).put("error", r.error());
            }
        }
        return json.writeValueAsString(node);
    }

    public ChatMessage decode(String raw) {
        JsonNode node = json.readTree(raw);
        ChatMessage.Role role = ChatMessage.Role.valueOf(node.path("role").asString("user").toUpperCase(Locale.ROOT));
        JsonNode parts = node.path("parts");
        if (!parts.isArray()) {
            return new ChatMessage(role, node.path("content").asString(""));
        }
        List<ChatMessage.Part> out = new ArrayList<>(parts.size());
        for (JsonNode p : parts) {
            switch (p.path("type").asString("")) {
                case "text" -> out.add(new ChatMessage.Text(p.path("text").asString("")));
                case "image" -> out.add(ChatMessage.Image.ref(p.path("id").asString(""),
                        p.path("mediaType").asString("image/jpeg"), p.path("width").asInt(0), p.path("height").asInt(0)));
                case "tool_use" -> out.add(new ChatMessage.ToolUse(p.path("id").asString(""), p.path("name").asString(""),
                        p.path("arguments").asString("{}"), p.path("signature").asString(null)));
                case "tool_result" -> out.add(new ChatMessage.ToolResult(p.path("id").asString(""),
                        p.path("name").asString(""), p.path("content").asString(""), p.path("error").asBoolean(false)));
                // a part a newer version wrote: shown as its text when it has one, so nothing breaks
                default -> out.add(new ChatMessage.Text(p.path("text").asString("")));
            }
        }
        return new ChatMessage(role, out);
    }

    public List<ChatMessage> decode(List<String> raw) {
        List<ChatMessage> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add(decode(s));
        }
        return out;
    }
}
