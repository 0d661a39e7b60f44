package dev.chatbot.core.reply;

/** Where the answers to one inbound message go. Adapters create one per message. */
public interface ReplyChannel {

    /** Starts an answer that will grow in place. */
    Reply open();

    /** Sends one short message at once: command answers, refusals, apologies. */
    void send(String text);

    /** Shows that the bot is working, where the platform has such a sign. */
    default void typing() {
    }
}
