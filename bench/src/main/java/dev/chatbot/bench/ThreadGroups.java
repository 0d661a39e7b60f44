package dev.chatbot.bench;

import java.util.List;

/**
 * Sorts the bot's threads into the groups the figures are split by, from their names: the platform
 * threads' names as Linux shows them (cut to 15 characters) and the virtual threads' names as JFR
 * records them. The names are the ones the bot and its libraries give their threads.
 */
final class ThreadGroups {

    static final String LLM = "LLM I/O";
    static final String PUMP = "reply pump";
    static final String TELEGRAM = "Telegram client";
    static final String REDIS = "Redis";
    static final String TURNS = "turns and inbox";
    static final String GC = "GC";
    static final String JIT = "JIT";
    static final String VIRTUAL = "virtual threads";
    static final String OTHER = "other";

    /** The groups in the order they are printed. */
    static final List<String> ORDER = List.of(LLM, PUMP, TELEGRAM, REDIS, TURNS, GC, JIT, VIRTUAL, OTHER);

    private ThreadGroups() {
    }

    static String of(String name) {
        if (name == null || name.isEmpty()) {
            return OTHER;
        }
        if (name.startsWith("llm-") || name.startsWith("HttpClient-")) {
            return LLM; // the stream's own thread, and the JDK HttpClient's selector and workers
        }
        if (name.startsWith("reply-pump") || name.startsWith("typing-")) {
            return PUMP;
        }
        if (name.startsWith("telegram-") || name.startsWith("OkHttp") || name.startsWith("callback-answer")) {
            return TELEGRAM;
        }
        if (name.startsWith("lettuce-")) {
            return REDIS;
        }
        if (name.startsWith("turn-") || name.startsWith("command-") || name.startsWith("inbox-")) {
            return TURNS;
        }
        if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return GC; // the serial collector runs in the VM thread
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (name.startsWith("ForkJoinPool")) {
            return VIRTUAL; // carriers: what ran on them is told apart by JFR's samples
        }
        return OTHER;
    }
}
