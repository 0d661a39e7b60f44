package dev.chatbot.discord;

import dev.chatbot.core.reply.AnswerJournal;
import dev.chatbot.core.reply.ChatPaces;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.EditInPlaceReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.reply.Typing;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers to one Discord message or slash command, edited in place at the channel's pace. An
 * answer carries ⏹ Stop while it grows and 🔁 Retry once finished, both for its asker; the
 * bot's own short texts and messages with choices go out through the same paced pump.
 */
final class DiscordReplyChannel implements ReplyChannel {

    /** The labels of the answer's buttons, in the asker's language. */
    record ButtonLabels(String stop, String retry) {
    }

    private final DiscordTarget target;
    private final ChatPaces.Chat pace;
    private final ChannelTrouble trouble;
    private final String askerId;
    private final ButtonLabels labels;
    private final Supplier<Typing> typing;

    /**
     * @param askerId whose answer this is (its buttons are theirs); null for an answer without buttons
     * @param typing  starts the typing sign, or shows none
     */
    DiscordReplyChannel(DiscordTarget target, ChatPaces.Chat pace, ChannelTrouble trouble, String askerId,
                        ButtonLabels labels, Supplier<Typing> typing) {
        this.target = target;
        this.pace = pace;
        this.trouble = trouble;
        this.askerId = askerId;
        this.labels = labels;
        this.typing = typing;
    }

    @Override
    public Reply open() {
        return open(AnswerJournal.NONE);
    }

    /** An answer that continues the messages an earlier run showed it in, and notes each new one. */
    @Override
    public Reply open(AnswerJournal journal) {
        if (askerId == null) {
            return new EditInPlaceReply(new DiscordMessageSurface(target, trouble, null, List.of()), pace, journal);
        }
        DiscordMessageSurface surface = new DiscordMessageSurface(target, trouble, askerId,
                List.of(new Choice(labels.stop(), AnswerButtons.STOP)));
        return new AnswerReply(new EditInPlaceReply(surface, pace, journal), surface,
                List.of(new Choice(labels.retry(), AnswerButtons.RETRY)));
    }

    @Override
    public void send(String text) {
        plain().finish(text);
    }

    @Override
    public void sendChoices(String text, List<Choice> choices) {
        plain().finish(text, choices);
    }

    @Override
    public Typing typing() {
        return typing.get();
    }

    @Override
    public boolean sendPicture(byte[] image, String caption) {
        target.sendFile(image, "image.png", caption);
        return true;
    }

    private EditInPlaceReply plain() {
        return new EditInPlaceReply(new DiscordMessageSurface(target, trouble, null, List.of()), pace);
    }

    /** An answer whose final text carries Retry instead of Stop. */
    private record AnswerReply(EditInPlaceReply reply, DiscordMessageSurface surface, List<Choice> whenDone)
            implements Reply {

        @Override
        public void update(String textSoFar) {
            reply.update(textSoFar);
        }

        @Override
        public void grow(Supplier<String> textSoFar) {
            reply.grow(textSoFar);
        }

        @Override
        public void finish(String finalText) {
            finish(finalText, List.of());
        }

        @Override
        public void finish(String finalText, List<Choice> choices) {
            surface.finishing();
            reply.finish(finalText, choices.isEmpty() ? whenDone : choices);
            surface.clearStopButtons();
        }

        @Override
        public void whenShown(Runnable firstShown) {
            reply.whenShown(firstShown);
        }

        @Override
        public void abandon() {
            reply.abandon();
        }
    }
}
