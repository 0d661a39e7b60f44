package dev.chatbot.core.limits;

import java.util.concurrent.CompletionStage;

/** Everyone's use per model and per user, today and this month, for /stats. */
public interface UsageStats {

    CompletionStage<Void> record(String model, String user, Window window, Spend spend);

    CompletionStage<StatsReport> report(Window window);
}
