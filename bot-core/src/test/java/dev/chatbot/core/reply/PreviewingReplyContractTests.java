package dev.chatbot.core.reply;

import java.time.Duration;

/** The reply contract for the edit-in-place shape with previews (a Telegram private chat's drafts). */
class PreviewingReplyContractTests extends EditInPlaceReplyContractTests {

    @Override
    ChatPaces.Chat chat() {
        return new ChatPaces.Chat(new ChatPace(Duration.ofSeconds(1), clock::nanoTime),
                new ChatPace(Duration.ofMillis(500), clock::nanoTime), clock);
    }
}
