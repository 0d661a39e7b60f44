package dev.chatbot.core.llm;

/** A model vendor or relay that streams answers. */
public interface LlmProvider {

    /** A short name users may see in error messages, e.g. "openai". */
    String name();

    /** Starts a stream and returns at once; the listener is called from another thread. */
    StreamHandle stream(LlmRequest request, StreamListener listener);
}
