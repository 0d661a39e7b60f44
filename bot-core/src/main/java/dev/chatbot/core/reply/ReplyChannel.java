package dev.chatbot.core.reply;

import java.util.List;

/** Where the answers to one inbound message go. Adapters create one per message. */
public interface ReplyChannel {

    /** Starts an answer, in the shape this platform allows. */
    Reply open();

    /**
     * Starts an answer that continues the messages {@code journal} says an earlier run showed, and
     * tells it of each message it adds. Shapes that fill no messages of their own ignore it.
     */
    default Reply open(AnswerJournal journal) {
        return open();
    }

    /** Where this answer's progress is kept: the inbox's when it handed the message over, else nowhere. */
    default AnswerJournal journal() {
        return AnswerJournal.NONE;
    }

    /** Sends one short message at once: command answers, refusals, apologies. */
    void send(String text);

    /**
     * Sends a message with buttons. A press comes back as an inbound message from the presser
     * whose text is the choice's command. Platforms without buttons list the commands instead.
     */
    default void sendChoices(String text, List<Choice> choices) {
        send(Choice.listed(text, choices));
    }

    /**
     * Shows that the bot is working, where the platform has such a sign, until the returned
     * handle is closed: the engine closes it when the answer's first words arrive, or at the end.
     */
    default Typing typing() {
        return Typing.NONE;
    }

    /** The sign shown while a picture is drawn (Telegram's upload-photo action); the typing sign elsewhere. */
    default Typing drawing() {
        return typing();
    }

    /**
     * Sends a picture (PNG or JPEG bytes) with a short caption.
     *
     * @return false where this platform's channel cannot send pictures; the caller then says so in text
     */
    default boolean sendPicture(byte[] image, String caption) {
        return false;
    }
}
