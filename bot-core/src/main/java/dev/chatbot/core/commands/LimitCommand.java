package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.commands.LimitGrammar.SetLimit;
import dev.chatbot.core.commands.LimitGrammar.Target;
import dev.chatbot.core.limits.LimitStore;
import dev.chatbot.core.limits.Limits;
import dev.chatbot.core.limits.QuotaTexts;
import dev.chatbot.core.limits.UserDirectory;
import java.util.List;
import java.util.Optional;

/** /limit &lt;user&gt; &lt;amount&gt; &lt;unit&gt;/&lt;period&gt; and /unlimit &lt;user&gt;, for admins. */
public final class LimitCommand implements CommandHandler {

    private final AdminGate admins;
    private final LimitStore limits;
    private final UserTargets targets;
    private final QuotaTexts quotaTexts;

    public LimitCommand(Admins admins, LimitStore limits, UserDirectory users, QuotaTexts quotaTexts) {
        this.admins = new AdminGate(admins);
        this.limits = limits;
        this.targets = new UserTargets(users);
        this.quotaTexts = quotaTexts;
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.forAdmins("limit"), CommandSpec.forAdmins("unlimit"));
    }

    @Override
    public void handle(CommandContext context) {
        if (!admins.isAdmin(context.message())) {
            context.reply("admin.only");
            return;
        }
        boolean replying = context.message().replyToSender() != null;
        String args = context.command().args();
        if (context.command().name().equals("limit")) {
            LimitGrammar.Parsed<SetLimit> parsed = LimitGrammar.limit(args, replying);
            if (!parsed.isOk()) {
                AdminGate.malformed(context, parsed);
                return;
            }
            SetLimit set = parsed.value();
            resolve(context, set.target()).ifPresent(user -> {
                limits.setLimit(user.ref(), set.meter(), set.amount()).toCompletableFuture().join();
                String lang = context.message().language();
                boolean unlimited = set.amount() == Limits.UNLIMITED;
                String what = unlimited ? quotaTexts.meter(lang, set.meter()) : quotaTexts.cap(lang, set.meter(), set.amount());
                if (user.isEveryone()) {
                    context.reply(unlimited ? "limit.set.default.unlimited" : "limit.set.default", what);
                } else {
                    context.reply(unlimited ? "limit.set.unlimited" : "limit.set", user.shown(), what);
                }
            });
        } else {
            LimitGrammar.Parsed<Target> parsed = LimitGrammar.target(args, replying, true);
            if (!parsed.isOk()) {
                AdminGate.malformed(context, parsed);
                return;
            }
            resolve(context, parsed.value()).ifPresent(user -> {
                limits.clearLimits(user.ref()).toCompletableFuture().join();
                if (user.isEveryone()) {
                    context.reply("unlimit.default");
                } else {
                    context.reply("unlimit.done", user.shown());
                }
            });
        }
    }

    private Optional<UserTargets.Resolved> resolve(CommandContext context, Target target) {
        Optional<UserTargets.Resolved> user = targets.resolve(target, context.message());
        if (user.isEmpty()) {
            context.reply("user.unknown", UserTargets.written(target));
        }
        return user;
    }
}
