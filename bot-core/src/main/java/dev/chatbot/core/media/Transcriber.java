package dev.chatbot.core.media;

/** Speech to text through a provider's transcription endpoint. */
public interface Transcriber {

    /**
     * @param audio    the recording as the user sent it
     * @param fileName a name whose extension tells the endpoint the format, e.g. "voice.ogg"
     * @return the transcript
     * @throws dev.chatbot.core.llm.LlmException when the provider refuses or cannot be reached
     */
    String transcribe(byte[] audio, String fileName);
}
