package dev.chatbot.core.engine;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.llm.StreamHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The answer streaming in each chat right now, so /stop can reach it from outside the chat's lane. */
final class ActiveTurns {

    /** One running answer; stopping it closes the upstream stream at once. */
    static final class Turn {
        private volatile StreamHandle handle;
        private volatile boolean stopped;
        private volatile boolean lost;
        private volatile Runnable onStop = () -> { };

        void streaming(StreamHandle handle, Runnable onStop) {
            this.handle = handle;
            this.onStop = onStop;
            if (stopped) {
                stop();
            }
        }

        boolean isStopped() {
            return stopped;
        }

        /** Stopped because its replica could no longer confirm the chat's lock: another may take the message up. */
        boolean isLost() {
            return lost;
        }

        void lose() {
            lost = true;
            stop();
        }

        void stop() {
            stopped = true;
            StreamHandle h = handle;
            if (h != null) {
                h.cancel();
            }
            onStop.run();
        }
    }

    private final ConcurrentMap<ChatKey, Turn> turns = new ConcurrentHashMap<>();

    Turn begin(ChatKey chat) {
        Turn turn = new Turn();
        turns.put(chat, turn);
        return turn;
    }

    void end(ChatKey chat, Turn turn) {
        turns.remove(chat, turn);
    }

    /** @return whether an answer was running */
    boolean stop(ChatKey chat) {
        Turn turn = turns.get(chat);
        if (turn == null) {
            return false;
        }
        turn.stop();
        return true;
    }
}
