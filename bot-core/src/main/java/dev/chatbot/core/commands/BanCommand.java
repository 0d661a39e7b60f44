package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.commands.LimitGrammar.Target;
import dev.chatbot.core.limits.LimitStore;
import dev.chatbot.core.limits.UserDirectory;
import java.util.List;
import java.util.Optional;

/** /ban &lt;user&gt; and /unban &lt;user&gt;, for admins. A banned user gets a short refusal and no answers. */
public final class BanCommand implements CommandHandler {

    private final AdminGate admins;
    private final LimitStore limits;
    private final UserTargets targets;

    public BanCommand(Admins admins, LimitStore limits, UserDirectory users) {
        this.admins = new AdminGate(admins);
        this.limits = limits;
        this.targets = new UserTargets(users);
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.forAdmins("ban"), CommandSpec.forAdmins("unban"));
    }

    @Override
    public void handle(CommandContext context) {
        if (!admins.isAdmin(context.message())) {
            context.reply("admin.only");
            return;
        }
        LimitGrammar.Parsed<Target> parsed = LimitGrammar.target(context.command().args(),
                context.message().replyToSender() != null, false);
        if (!parsed.isOk()) {
            AdminGate.malformed(context, parsed);
            return;
        }
        Optional<UserTargets.Resolved> user = targets.resolve(parsed.value(), context.message());
        if (user.isEmpty()) {
            context.reply("user.unknown", UserTargets.written(parsed.value()));
            return;
        }
        boolean ban = context.command().name().equals("ban");
        if (ban && admins.isAdmin(user.get().ref())) {
            context.reply("ban.admin");
            return;
        }
        limits.setBanned(user.get().ref(), ban).toCompletableFuture().join();
        context.reply(ban ? "ban.done" : "unban.done", user.get().shown());
    }
}
