package dev.chatbot.core.engine;

import dev.chatbot.core.chat.ChatKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs work one task at a time per chat, in arrival order, each on a virtual thread; chats do
 * not wait for each other. A lane disappears when it runs dry, so idle chats cost nothing.
 */
public final class ChatLanes implements AutoCloseable {

    private final ConcurrentMap<ChatKey, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Executor executor;

    public ChatLanes() {
        this(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("turn-", 0).factory()));
    }

    public ChatLanes(Executor executor) {
        this.executor = executor;
    }

    /** Queues the task behind the chat's earlier ones and returns when it is queued. */
    public CompletableFuture<Void> enqueue(ChatKey chat, Runnable task) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(chat, (key, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            mine[0] = previous.handle((ok, error) -> null).thenRunAsync(task, executor);
            return mine[0];
        });
        CompletableFuture<Void> future = mine[0];
        future.whenComplete((ok, error) -> tails.remove(chat, future));
        return future;
    }

    /** Interrupts the running tasks and runs no more: the app is stopping. */
    @Override
    public void close() {
        if (executor instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    /** Chats with work queued or running. */
    public int activeChats() {
        return tails.size();
    }
}
