package dev.chatbot.core.commands;

import java.util.regex.Pattern;

/**
 * One slash command as a handler declares it. Its wording lives in the texts, so that there is
 * one place for every word users read: {@code command.<name>} describes it (English and Chinese),
 * {@code command.<name>.args}, where present, is its argument hint such as {@code <text>}.
 *
 * @param name      lower case, without the slash
 * @param adminOnly shown only to admins (menus leave it out; /help lists it under the admin part)
 * @param timing    whether it runs at once or waits for the chat's running answer
 */
public record CommandSpec(String name, boolean adminOnly, Timing timing) {

    public enum Timing {
        /** Runs at once, even while an answer streams (/stop must reach the answer it stops). */
        AT_ONCE,
        /** Waits its turn in the chat, behind the running answer on this replica (/usage counts the answer before it). */
        IN_TURN,
        /**
         * Writes the chat's state (/new, /model, /system): waits its turn on every replica, holding the chat's
         * turn lock in the chat's order, and its writes carry the lock's fencing token
         * ({@link CommandContext#turn()}), so it neither races an answer running elsewhere nor lands after a
         * newer turn once its replica stalled past the lease.
         */
        HOLDS_CHAT
    }

    /** What both Telegram and Discord accept as a command's name. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");

    public CommandSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A command name is 1 to 32 of a-z, 0-9 and _, without the slash: " + name);
        }
    }

    public static CommandSpec atOnce(String name) {
        return new CommandSpec(name, false, Timing.AT_ONCE);
    }

    public static CommandSpec inTurn(String name) {
        return new CommandSpec(name, false, Timing.IN_TURN);
    }

    /** See {@link Timing#HOLDS_CHAT}. */
    public static CommandSpec holdingChat(String name) {
        return new CommandSpec(name, false, Timing.HOLDS_CHAT);
    }

    public static CommandSpec forAdmins(String name) {
        return new CommandSpec(name, true, Timing.AT_ONCE);
    }

    public boolean runsAtOnce() {
        return timing == Timing.AT_ONCE;
    }

    public boolean holdsChat() {
        return timing == Timing.HOLDS_CHAT;
    }
}
