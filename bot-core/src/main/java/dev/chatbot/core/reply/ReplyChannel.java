package dev.chatbot.core.reply;

import java.util.List;

/** Where the answers to one inbound message go. Adapters create one per message. */
public interface ReplyChannel {

    /** Starts an answer that will grow in place. */
    Reply open();

    /** Sends one short message at once: command answers, refusals, apologies. */
    void send(String text);

    /**
     * Sends a message with buttons. A press comes back as an inbound message from the presser
     * whose text is the choice's command. Platforms without buttons list the commands instead.
     */
    default void sendChoices(String text, List<Choice> choices) {
        StringBuilder sb = new StringBuilder(text);
        for (Choice c : choices) {
            sb.append('\n').append(c.command());
        }
        send(sb.toString());
    }

    /** Shows that the bot is working, where the platform has such a sign. */
    default void typing() {
    }
}
