package dev.chatbot.core.redis;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EmbeddedRedisLifecycleTests}, as the bot runs it: starts the embedded
 * Redis on the data directory args[0], says which process and port it got, and waits to be killed.
 */
public final class EmbeddedRedisChildMain {

    public static void main(String[] args) throws InterruptedException {
        EmbeddedRedis redis = EmbeddedRedis.start(Path.of(args[0]));
        System.out.println("READY " + redis.pid() + " " + redis.url());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
