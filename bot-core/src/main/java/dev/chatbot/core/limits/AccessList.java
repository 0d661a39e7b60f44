package dev.chatbot.core.limits;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * BOT_ALLOWED: users and group chats ("telegram:123", "telegram:-100987") the bot serves. Empty
 * means everyone. A listed group lets everyone in it talk to the bot there. (Admins are let in by
 * the engine, whatever the list says.)
 */
public final class AccessList {

    private final Set<String> allowed;

    public AccessList(Collection<String> allowed) {
        Set<String> clean = new LinkedHashSet<>();
        if (allowed != null) {
            for (String a : allowed) {
                if (a != null && !a.isBlank()) {
                    clean.add(a.strip());
                }
            }
        }
        this.allowed = Set.copyOf(clean);
    }

    public static AccessList everyone() {
        return new AccessList(Set.of());
    }

    public boolean isOpen() {
        return allowed.isEmpty();
    }

    /** @param sender "platform:userId"; @param chat "platform:chatId" */
    public boolean allows(String sender, String chat) {
        return allowed.isEmpty() || allowed.contains(sender) || allowed.contains(chat);
    }
}
