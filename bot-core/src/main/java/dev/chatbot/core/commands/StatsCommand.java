package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.limits.QuotaPeriods;
import dev.chatbot.core.limits.QuotaTexts;
import dev.chatbot.core.limits.StatsReport;
import dev.chatbot.core.limits.UsageStats;
import dev.chatbot.core.limits.UserDirectory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /stats, for admins: requests, tokens and cost per model and the top users, today and this month. */
public final class StatsCommand implements CommandHandler {

    private final AdminGate admins;
    private final UsageStats stats;
    private final UserDirectory users;
    private final QuotaPeriods periods;
    private final QuotaTexts quotaTexts;

    public StatsCommand(Admins admins, UsageStats stats, UserDirectory users, QuotaPeriods periods,
                        QuotaTexts quotaTexts) {
        this.admins = new AdminGate(admins);
        this.stats = stats;
        this.users = users;
        this.periods = periods;
        this.quotaTexts = quotaTexts;
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.forAdmins("stats"));
    }

    @Override
    public void handle(CommandContext context) {
        if (!admins.isAdmin(context.message())) {
            context.reply("admin.only");
            return;
        }
        StatsReport report = stats.report(periods.current()).toCompletableFuture().join();
        Set<String> refs = new HashSet<>(report.today().byUser().keySet());
        refs.addAll(report.month().byUser().keySet());
        Map<String, String> names = users.usernames(refs).toCompletableFuture().join();
        context.channel().send(quotaTexts.stats(context.message().language(), report, names));
    }
}
