package dev.chatbot.core.llm;

/** A running stream; cancelling closes the upstream connection. */
@FunctionalInterface
public interface StreamHandle {

    void cancel();
}
