package dev.chatbot.telegram;

import dev.chatbot.core.reply.Typing;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;

/**
 * "typing…" while the model thinks. Telegram shows a chat action for 5 seconds at most, so it is
 * repeated every {@link #REPEAT} until closed (the engine closes it when the answer's first words
 * arrive, or at the end).
 */
final class TypingIndicator implements Typing {

    private static final Logger log = LoggerFactory.getLogger(TypingIndicator.class);

    static final Duration REPEAT = Duration.ofSeconds(4);
    static final Duration LONGEST = Duration.ofMinutes(5);

    private final TelegramApi api;
    private final long chatId;
    private final Integer threadId;
    private boolean started;
    private boolean stopped;

    TypingIndicator(TelegramApi api, long chatId, Integer threadId) {
        this.api = api;
        this.chatId = chatId;
        this.threadId = threadId;
    }

    synchronized TypingIndicator start() {
        if (!started && !stopped) {
            started = true;
            Thread.ofVirtual().name("typing-" + chatId).start(this::run);
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
                if (stopped || api.isClosed() || System.nanoTime() > deadline) {
                    return;
                }
            }
            try {
                api.call(SendChatAction.builder().chatId(chatId).messageThreadId(threadId)
                        .action(ActionType.TYPING.toString()).build());
            } catch (RuntimeException e) {
                log.debug("typing action failed in chat {}: {}", chatId, e.toString());
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
