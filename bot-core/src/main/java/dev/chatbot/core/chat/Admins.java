package dev.chatbot.core.chat;

import java.util.Set;

/** The bot's admins (BOT_ADMINS), as "platform:userId". */
public record Admins(Set<String> refs) {

    public static final Admins NONE = new Admins(Set.of());

    public Admins {
        refs = refs == null ? Set.of() : Set.copyOf(refs);
    }

    public boolean isAdmin(Sender sender, String platform) {
        return refs.contains(platform + ":" + sender.id());
    }

    /** @param userRef "platform:userId" */
    public boolean contains(String userRef) {
        return refs.contains(userRef);
    }
}
