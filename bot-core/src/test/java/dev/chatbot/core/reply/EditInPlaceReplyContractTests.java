package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.List;

/** The reply contract for the edit-in-place shape: sends, then edits (a Telegram group, Discord). */
class EditInPlaceReplyContractTests extends ReplyContract {

    ChatPaces.Chat chat() {
        return new ChatPaces.Chat(new ChatPace(Duration.ofSeconds(1), clock::nanoTime), null, clock);
    }

    @Override
    protected Seen open() {
        EditInPlaceReplyTests.RecordingSurface surface = new EditInPlaceReplyTests.RecordingSurface(4096, clock);
        EditInPlaceReply reply = new EditInPlaceReply(surface, chat());
        return new Seen() {
            @Override
            public Reply reply() {
                return reply;
            }

            @Override
            public List<String> shown() {
                return surface.seen;
            }

            @Override
            public List<String> finals() {
                return surface.texts;
            }

            @Override
            public List<Choice> buttons() {
                return surface.buttons.isEmpty() ? List.of() : surface.buttons.getLast();
            }
        };
    }
}
