package dev.chatbot.core.inbox;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.reply.ReplyChannel;

/**
 * One platform event as an adapter read it.
 *
 * @param id      the platform's id of the event, unique per platform
 * @param payload the event as the platform sent it, kept so it can be read again after a crash
 * @param message what the engine is to deal with
 * @param channel where its answers go
 */
public record InboxEvent(String id, String payload, InboundMessage message, ReplyChannel channel) {
}
