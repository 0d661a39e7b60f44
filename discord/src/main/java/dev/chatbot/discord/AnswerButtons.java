package dev.chatbot.discord;

import dev.chatbot.core.reply.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * Buttons under the bot's messages. A button's custom id is the command its press acts as, so a
 * press comes back as that command from the presser. The ⏹ Stop and 🔁 Retry buttons under an
 * answer belong to whoever asked: their id carries the asker, "&lt;userId&gt;:/stop", and only the
 * asker and admins may press them.
 */
final class AnswerButtons {

    static final String STOP = "/stop";
    static final String RETRY = "/retry";
    private static final int PER_ROW = 5;
    private static final int MAX_ROWS = 5;
    private static final int MAX_LABEL = 80;
    private static final Pattern OWNED = Pattern.compile("(\\d{1,20}):(/.+)");

    /** What a press asks for: a command, and whose button it is (null: anyone's). */
    record Press(String command, String ownerId) {

        boolean mayBePressedBy(String userId, boolean admin) {
            return ownerId == null || ownerId.equals(userId) || admin;
        }
    }

    private AnswerButtons() {
    }

    /** @param ownerId the asker the buttons belong to, or null for buttons anyone may press */
    static List<ActionRow> rows(List<Choice> choices, String ownerId) {
        List<ActionRow> rows = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        for (Choice c : choices) {
            if (rows.size() == MAX_ROWS) {
                break; // Discord shows at most 25 buttons; /model lists its models in the text as well
            }
            String id = ownerId == null ? c.command() : ownerId + ":" + c.command();
            String label = c.label().length() > MAX_LABEL ? c.label().substring(0, MAX_LABEL - 1) + "…" : c.label();
            row.add(c.command().equals(STOP) ? Button.danger(id, label) : Button.secondary(id, label));
            if (row.size() == PER_ROW) {
                rows.add(ActionRow.of(row));
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty() && rows.size() < MAX_ROWS) {
            rows.add(ActionRow.of(row));
        }
        return rows;
    }

    /** The press of a button with this custom id; empty when it is none of the bot's. */
    static Optional<Press> read(String customId) {
        if (customId == null) {
            return Optional.empty();
        }
        if (customId.startsWith("/")) {
            return Optional.of(new Press(customId, null));
        }
        Matcher m = OWNED.matcher(customId);
        return m.matches() ? Optional.of(new Press(m.group(2), m.group(1))) : Optional.empty();
    }
}
