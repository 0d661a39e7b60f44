package dev.chatbot.core.reply;

/** A "typing…" sign that shows until closed. Closing twice is harmless. */
@FunctionalInterface
public interface Typing extends AutoCloseable {

    Typing NONE = () -> {
    };

    @Override
    void close();
}
