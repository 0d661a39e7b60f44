package dev.chatbot.core.reply;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One button under a message. Pressing it acts as if the presser had sent {@code command}, so
 * platforms without buttons can show the command instead.
 *
 * @param label   what the button says
 * @param command a command line such as "/model gpt-4o"; at most {@link #MAX_COMMAND_BYTES} bytes
 *                of UTF-8, so it fits every platform's button payload (Telegram allows 64)
 */
public record Choice(String label, String command) {

    public static final int MAX_COMMAND_BYTES = 64;

    public Choice {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(command, "command");
        if (command.getBytes(StandardCharsets.UTF_8).length > MAX_COMMAND_BYTES) {
            throw new IllegalArgumentException("A choice's command must fit in " + MAX_COMMAND_BYTES + " bytes: " + command);
        }
    }

    /** The text with each choice's command on a line of its own: buttons where there are none. */
    public static String listed(String text, List<Choice> choices) {
        StringBuilder sb = new StringBuilder(text);
        for (Choice c : choices) {
            sb.append('\n').append(c.command());
        }
        return sb.toString();
    }
}
