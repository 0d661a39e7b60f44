package dev.chatbot.core.inbox;

import dev.chatbot.core.reply.AnswerJournal;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.reply.Typing;
import java.util.List;

/** The adapter's channel with the inbox's journal of the answer: what the engine is handed. */
record JournaledChannel(ReplyChannel channel, AnswerJournal journal) implements ReplyChannel {

    @Override
    public Reply open() {
        return channel.open(journal);
    }

    @Override
    public Reply open(AnswerJournal other) {
        return channel.open(other);
    }

    @Override
    public void send(String text) {
        channel.send(text);
    }

    @Override
    public void sendChoices(String text, List<Choice> choices) {
        channel.sendChoices(text, choices);
    }

    @Override
    public Typing typing() {
        return channel.typing();
    }

    @Override
    public Typing drawing() {
        return channel.drawing();
    }

    @Override
    public boolean sendPicture(byte[] image, String caption) {
        return channel.sendPicture(image, caption);
    }
}
