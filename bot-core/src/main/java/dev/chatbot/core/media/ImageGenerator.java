package dev.chatbot.core.media;

/** Drawing from a prompt through a provider's image generation endpoint. */
public interface ImageGenerator {

    /**
     * @param size    e.g. "1024x1024"
     * @param quality the model's own word, e.g. "standard"/"hd" (dall-e-3) or "low"/"medium"/"high" (gpt-image-1)
     * @throws dev.chatbot.core.llm.LlmException when the provider refuses (its safety system included) or cannot be reached
     */
    Drawing generate(String prompt, String size, String quality);

    /**
     * @param image         the picture's bytes (PNG or JPEG as the provider sent it)
     * @param revisedPrompt the prompt as the model rewrote it, or null
     */
    record Drawing(byte[] image, String revisedPrompt) {
    }
}
