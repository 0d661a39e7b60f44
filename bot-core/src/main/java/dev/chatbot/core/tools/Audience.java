package dev.chatbot.core.tools;

import dev.chatbot.core.llm.ModelInfo;
import java.util.Set;

/**
 * Who may use a tool or an MCP server's tools: the same rules as for models (everyone, listed
 * users, admins; admins always may).
 */
public record Audience(ModelInfo.Access access, Set<String> users) {

    public static final Audience EVERYONE = new Audience(ModelInfo.Access.EVERYONE, Set.of());

    public Audience {
        access = access == null ? ModelInfo.Access.EVERYONE : access;
        users = users == null ? Set.of() : Set.copyOf(users);
    }

    /** @param senderRef "platform:userId" */
    public boolean admits(String senderRef, boolean admin) {
        return access.admits(users, senderRef, admin);
    }
}
