package dev.chatbot.core.llm;

/**
 * Receives one stream. Exactly one of {@link #onComplete} or {@link #onError} is called last,
 * and none after the stream was cancelled.
 */
public interface StreamListener {

    void onPartial(String delta);

    void onComplete(Completion completion);

    void onError(LlmException error);
}
