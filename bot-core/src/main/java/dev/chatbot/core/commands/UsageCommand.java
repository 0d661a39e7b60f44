package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.commands.LimitGrammar.Target;
import dev.chatbot.core.limits.DefaultLimits;
import dev.chatbot.core.limits.Limits;
import dev.chatbot.core.limits.QuotaStore;
import dev.chatbot.core.limits.QuotaTexts;
import dev.chatbot.core.limits.UsageReport;
import dev.chatbot.core.limits.UserDirectory;
import java.util.List;
import java.util.Optional;

/**
 * /usage: your own use today and this month, what is left and when it resets. Admins may add a
 * user (or reply to their message) to see theirs.
 */
public final class UsageCommand implements CommandHandler {

    private final AdminGate admins;
    private final QuotaStore quotas;
    private final DefaultLimits defaults;
    private final UserTargets targets;
    private final QuotaTexts quotaTexts;

    public UsageCommand(Admins admins, QuotaStore quotas, DefaultLimits defaults, UserDirectory users,
                        QuotaTexts quotaTexts) {
        this.admins = new AdminGate(admins);
        this.quotas = quotas;
        this.defaults = defaults;
        this.targets = new UserTargets(users);
        this.quotaTexts = quotaTexts;
    }

    /** Queued behind the chat's running answer, so the figures include the answer just shown. */
    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.inTurn("usage"));
    }

    @Override
    public void handle(CommandContext context) {
        InboundMessage message = context.message();
        boolean admin = admins.isAdmin(message);
        boolean aboutSomeone = context.command().hasArgs() || (admin && message.replyToSender() != null);
        if (!aboutSomeone) {
            context.channel().send(quotaTexts.usage(message.language(), report(message.senderRef()), null));
            return;
        }
        if (!admin) {
            context.reply("usage.admin.only");
            return;
        }
        LimitGrammar.Parsed<Target> parsed = LimitGrammar.target(context.command().args(),
                message.replyToSender() != null, false);
        if (!parsed.isOk()) {
            AdminGate.malformed(context, parsed);
            return;
        }
        Optional<UserTargets.Resolved> user = targets.resolve(parsed.value(), message);
        if (user.isEmpty()) {
            context.reply("user.unknown", UserTargets.written(parsed.value()));
            return;
        }
        context.channel().send(quotaTexts.usage(message.language(), report(user.get().ref()), user.get().shown()));
    }

    private UsageReport report(String user) {
        Limits current = defaults.current().join();
        return quotas.usage(user, current).toCompletableFuture().join();
    }
}
