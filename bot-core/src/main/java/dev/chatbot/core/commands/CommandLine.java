package dev.chatbot.core.commands;

import java.util.Locale;
import java.util.Optional;

/**
 * A slash command as typed: "/model gpt-4o" is name "model", args "gpt-4o". A "@botname"
 * suffix on the name is dropped; adapters decide beforehand whether it named this bot.
 */
public record CommandLine(String name, String args) {

    public static Optional<CommandLine> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.length() < 2 || t.charAt(0) != '/' || !Character.isLetterOrDigit(t.charAt(1))) {
            return Optional.empty();
        }
        int space = indexOfWhitespace(t);
        String head = space < 0 ? t.substring(1) : t.substring(1, space);
        int at = head.indexOf('@');
        if (at >= 0) {
            head = head.substring(0, at);
        }
        String args = space < 0 ? "" : t.substring(space).strip();
        return Optional.of(new CommandLine(head.toLowerCase(Locale.ROOT), args));
    }

    public boolean hasArgs() {
        return !args.isEmpty();
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
