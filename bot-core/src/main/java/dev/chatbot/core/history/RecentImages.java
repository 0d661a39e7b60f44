package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which images of a prompt the model gets to see: the newest few, so that context and cost stay
 * bounded; older ones reach it as {@value ChatMessage.Image#PLACEHOLDER}.
 */
public final class RecentImages {

    private final ImageStore store;
    private final int limit;

    public RecentImages(ImageStore store, int limit) {
        this.store = store;
        this.limit = limit;
    }

    /**
     * The messages with the newest {@code limit} images carrying their bytes (those already loaded,
     * such as the new message's, are kept; the others read from the store) and every other image
     * without them.
     */
    public CompletionStage<List<ChatMessage>> load(ChatKey chat, List<ChatMessage> messages) {
        Set<String> newest = newest(messages);
        List<String> missing = new ArrayList<>();
        for (ChatMessage m : messages) {
            for (ChatMessage.Image i : m.images()) {
                if (newest.contains(i.id()) && !i.isLoaded()) {
                    missing.add(i.id());
                }
            }
        }
        CompletionStage<Map<String, byte[]>> read = missing.isEmpty()
                ? CompletableFuture.completedFuture(Map.of()) : store.get(chat, missing);
        return read.thenApply(bytes -> withBytes(messages, newest, bytes));
    }

    private Set<String> newest(List<ChatMessage> messages) {
        Set<String> out = new LinkedHashSet<>();
        for (int m = messages.size() - 1; m >= 0 && out.size() < limit; m--) {
            List<ChatMessage.Image> images = messages.get(m).images();
            for (int i = images.size() - 1; i >= 0 && out.size() < limit; i--) {
                out.add(images.get(i).id());
            }
        }
        return out;
    }

    private static List<ChatMessage> withBytes(List<ChatMessage> messages, Set<String> newest, Map<String, byte[]> read) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (m.images().isEmpty()) {
                out.add(m);
                continue;
            }
            out.add(m.mapParts(part -> {
                if (!(part instanceof ChatMessage.Image i)) {
                    return part;
                }
                if (!newest.contains(i.id())) {
                    return i.withoutData();
                }
                return i.isLoaded() ? i : read.containsKey(i.id()) ? i.withData(read.get(i.id())) : i;
            }));
        }
        return out;
    }
}
