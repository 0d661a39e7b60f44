package dev.chatbot.telegram.spring;

import dev.chatbot.telegram.TelegramBot;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /webhook/telegram, where Telegram delivers updates when BOT_TELEGRAM_WEBHOOK_URL is set.
 * The 200 goes out only after the update is recorded, so Telegram redelivers what a crash lost.
 */
@RestController
class TelegramWebhookController {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramBot bot;

    TelegramWebhookController(TelegramBot bot) {
        this.bot = bot;
    }

    @PostMapping(path = "/webhook/telegram")
    ResponseEntity<Void> update(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
                                @RequestBody byte[] body) {
        return switch (bot.acceptWebhook(secret, body)) {
            case ACCEPTED -> ResponseEntity.ok().build();
            case WRONG_SECRET -> ResponseEntity.status(401).build();
            case NOT_AN_UPDATE -> ResponseEntity.badRequest().build();
            // not started yet, stopping, or polling: Telegram retries later
            case NOT_RUNNING -> ResponseEntity.status(503).build();
        };
    }
}
