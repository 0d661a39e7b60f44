package dev.chatbot.core.llm;

import dev.chatbot.core.history.ChatMessage;
import java.util.List;

/** A prompt with an old photo (a reference, not loaded) and a new one with its bytes, for the encoders' tests. */
public final class PhotoPrompt {

    /** The start of a JPEG and a few bytes: the encoders pass bytes through, they do not read them. */
    public static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4};

    private PhotoPrompt() {
    }

    public static LlmRequest request(String model) {
        return new LlmRequest(model, List.of(
                ChatMessage.system("be brief"),
                ChatMessage.user("an old photo", List.of(ChatMessage.Image.ref("old", "image/jpeg", 40, 30))),
                ChatMessage.assistant("a cat"),
                ChatMessage.user("what plant is this?", List.of(new ChatMessage.Image("new", "image/jpeg", 40, 30, JPEG)))), 0);
    }
}
