package dev.chatbot.core.limits;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures how many Redis round trips code makes one after another. Every reply is held back a
 * little, so commands issued together are told apart from commands that waited for an earlier
 * reply; a command's depth is one more than the deepest reply that had arrived before it was
 * issued. The deepest command is the number of sequential round trips.
 */
final class RoundTrips {

    private static final Executor LATER = CompletableFuture.delayedExecutor(60, TimeUnit.MILLISECONDS);

    private record Command(String name, int depth) {
    }

    private final List<Command> issued = new ArrayList<>();
    private int deepestDone;

    @SuppressWarnings("unchecked")
    RedisClusterAsyncCommands<String, String> wrap(RedisClusterAsyncCommands<String, String> target) {
        return (RedisClusterAsyncCommands<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RedisClusterAsyncCommands.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!(result instanceof RedisFuture<?> reply)) {
                        return result;
                    }
                    int depth = issue(method.getName());
                    HeldReply<Object> held = new HeldReply<>();
                    reply.whenComplete((value, error) -> LATER.execute(() -> {
                        done(depth);
                        if (error != null) {
                            held.completeExceptionally(error);
                        } else {
                            held.complete(value);
                        }
                    }));
                    return held;
                });
    }

    private synchronized int issue(String name) {
        int depth = deepestDone + 1;
        issued.add(new Command(name, depth));
        return depth;
    }

    private synchronized void done(int depth) {
        deepestDone = Math.max(deepestDone, depth);
    }

    /** Forgets what was measured so far. */
    synchronized void reset() {
        issued.clear();
        deepestDone = 0;
    }

    synchronized int sequential() {
        return issued.stream().mapToInt(Command::depth).max().orElse(0);
    }

    synchronized String describe() {
        return issued.toString();
    }

    /** A reply handed out later than Redis sent it. */
    private static final class HeldReply<T> extends CompletableFuture<T> implements RedisFuture<T> {

        @Override
        public String getError() {
            try {
                return isCompletedExceptionally() ? exceptionNow().toString() : null;
            } catch (IllegalStateException e) {
                return null;
            }
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                get(timeout, unit);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                return true;
            }
        }
    }
}
