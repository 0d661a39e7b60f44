package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The bytes of the pictures a chat's history refers to, kept beside the history and expiring with
 * it; history itself holds only {@link ChatMessage.Image} references.
 */
public interface ImageStore {

    /** Keeps one image of the chat. */
    CompletionStage<Void> put(ChatKey chat, String id, byte[] bytes);

    /** The bytes of these images of the chat; an image that expired is missing from the map. */
    CompletionStage<Map<String, byte[]>> get(ChatKey chat, Collection<String> ids);
}
