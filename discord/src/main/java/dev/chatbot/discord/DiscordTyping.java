package dev.chatbot.discord;

import dev.chatbot.core.reply.Typing;
import java.time.Duration;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "chatbot is typing…" while the model thinks. Discord shows it for about 10 seconds, so it is
 * sent again every {@link #REPEAT} until closed (when the first words arrive, or at the end).
 */
final class DiscordTyping implements Typing {

    private static final Logger log = LoggerFactory.getLogger(DiscordTyping.class);

    static final Duration REPEAT = Duration.ofSeconds(8);
    static final Duration LONGEST = Duration.ofMinutes(5);

    private final MessageChannel channel;
    private boolean started;
    private boolean stopped;

    DiscordTyping(MessageChannel channel) {
        this.channel = channel;
    }

    synchronized DiscordTyping start() {
        if (!started && !stopped) {
            started = true;
            Thread.ofVirtual().name("discord-typing-" + channel.getId()).start(this::run);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        stopped = true;
        notifyAll();
    }

    private void run() {
        long deadline = System.nanoTime() + LONGEST.toNanos();
        while (true) {
            synchronized (this) {
                if (stopped || System.nanoTime() > deadline) {
                    return;
                }
            }
            try {
                channel.sendTyping().complete();
            } catch (RuntimeException e) {
                log.debug("typing failed in channel {}: {}", channel.getId(), e.toString());
            }
            synchronized (this) {
                try {
                    if (!stopped) {
                        wait(REPEAT.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
