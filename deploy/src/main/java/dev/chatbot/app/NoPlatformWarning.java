package dev.chatbot.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A bot without any chat platform runs but hears nobody; say so once it is up. */
@Component
@ConditionalOnExpression("'${bot.telegram.token:}'.isBlank() and '${bot.wechat.mp.token:}'.isBlank()"
        + " and '${bot.wecom.token:}'.isBlank() and '${bot.wecom.bot.token:}'.isBlank()"
        + " and '${bot.discord.token:}'.isBlank()")
class NoPlatformWarning {

    private static final Logger log = LoggerFactory.getLogger(NoPlatformWarning.class);

    @EventListener(ApplicationReadyEvent.class)
    void warn() {
        log.warn("No chat platform is configured, so nobody can talk to the bot: set BOT_TELEGRAM_TOKEN "
                + "(see README, 'Getting a Telegram token').");
    }
}
