package dev.chatbot.discord;

import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.MessageGoneException;
import dev.chatbot.core.reply.MessageSurface;
import dev.chatbot.core.reply.SurfaceClosedException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;

/**
 * One answer's messages on Discord: send, then edit in place, at most 2,000 characters a
 * message (longer answers continue in a new one; the core's splitter closes and reopens code
 * fences). The model's Markdown is Discord's own, so it goes out as written.
 *
 * <p>While an answer grows, its newest message carries a ⏹ Stop button (when the answer has an
 * asker); {@link #finishing()} switches that off before the final text goes out, which carries
 * 🔁 Retry instead. Discord's 429s are waited out inside JDA; a channel the bot may not write to
 * ends the answer there, logged once per channel.
 */
final class DiscordMessageSurface implements MessageSurface {

    static final int MAX_LENGTH = 2000;

    private final DiscordTarget target;
    private final ChannelTrouble trouble;
    private final String ownerId;
    private final List<Choice> whileGrowing;
    private volatile boolean finishing;
    /** Messages that still show the Stop button. */
    private final Set<String> withStop = new LinkedHashSet<>();

    /**
     * @param ownerId      the asker, whose buttons these are; null for the bot's own messages
     * @param whileGrowing buttons under a growing answer (Stop), or none
     */
    DiscordMessageSurface(DiscordTarget target, ChannelTrouble trouble, String ownerId, List<Choice> whileGrowing) {
        this.target = target;
        this.trouble = trouble;
        this.ownerId = ownerId;
        this.whileGrowing = List.copyOf(whileGrowing);
    }

    @Override
    public int maxLength() {
        return MAX_LENGTH;
    }

    @Override
    public String send(String text, List<Choice> choices) {
        List<Choice> buttons = buttons(choices);
        String id = call(() -> target.send(text, AnswerButtons.rows(buttons, ownerId)));
        remember(id, buttons);
        return id;
    }

    @Override
    public void edit(String messageId, String text, List<Choice> choices) {
        List<Choice> buttons = buttons(choices);
        try {
            call(() -> {
                target.edit(messageId, text, AnswerButtons.rows(buttons, ownerId));
                return null;
            });
        } catch (ErrorResponseException e) {
            if (e.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE) {
                throw new MessageGoneException(e.getMeaning()); // deleted by a user: that part is sent anew
            }
            throw e;
        }
        remember(messageId, buttons);
    }

    /** The final text goes out next: no more Stop buttons. */
    void finishing() {
        finishing = true;
    }

    /**
     * Takes the Stop button off earlier parts of a long answer, which the reply does not edit
     * again once they are complete.
     */
    void clearStopButtons() {
        List<String> stale;
        synchronized (withStop) {
            stale = List.copyOf(withStop);
            withStop.clear();
        }
        for (String id : stale) {
            try {
                call(() -> {
                    target.clearButtons(id);
                    return null;
                });
            } catch (RuntimeException e) {
                // a leftover button does no harm: pressing it when nothing runs says so
            }
        }
    }

    private List<Choice> buttons(List<Choice> choices) {
        return choices.isEmpty() && !finishing ? whileGrowing : choices;
    }

    private void remember(String id, List<Choice> buttons) {
        synchronized (withStop) {
            if (!buttons.isEmpty() && buttons == whileGrowing) {
                withStop.add(id);
            } else {
                withStop.remove(id);
            }
        }
    }

    private <T> T call(Supplier<T> call) {
        try {
            T result = call.get();
            trouble.canWrite(target.channelId());
            return result;
        } catch (InsufficientPermissionException e) {
            trouble.cannotWrite(target.channelId(), "missing permission " + e.getPermission().getName());
            throw new SurfaceClosedException();
        } catch (ErrorResponseException e) {
            if (isAboutAccess(e.getErrorResponse())) {
                trouble.cannotWrite(target.channelId(), e.getMeaning());
                throw new SurfaceClosedException();
            }
            throw e;
        } catch (RejectedExecutionException e) {
            throw new SurfaceClosedException(); // JDA is shutting down
        }
    }

    private static boolean isAboutAccess(ErrorResponse error) {
        return error == ErrorResponse.MISSING_PERMISSIONS || error == ErrorResponse.MISSING_ACCESS
                || error == ErrorResponse.CANNOT_SEND_TO_USER || error == ErrorResponse.UNKNOWN_CHANNEL;
    }
}
