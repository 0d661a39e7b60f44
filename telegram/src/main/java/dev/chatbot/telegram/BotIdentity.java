package dev.chatbot.telegram;

/** Who the bot is, as getMe tells at start-up. */
record BotIdentity(long id, String username) {
}
