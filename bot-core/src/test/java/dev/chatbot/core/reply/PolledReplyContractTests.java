package dev.chatbot.core.reply;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The reply contract for the polled shape (WeCom AI bot's stream refreshes). */
class PolledReplyContractTests extends ReplyContract {

    @Override
    protected Seen open() {
        PolledReply reply = new PolledReply(20480, "(cut)");
        List<String> shown = new CopyOnWriteArrayList<>();
        return new Seen() {
            @Override
            public Reply reply() {
                return reply;
            }

            @Override
            public void look() {
                String text = reply.poll().text();
                if (!text.isEmpty() && (shown.isEmpty() || !shown.getLast().equals(text))) {
                    shown.add(text);
                }
            }

            @Override
            public List<String> shown() {
                return shown;
            }

            @Override
            public List<String> finals() {
                PolledReply.Snapshot last = reply.poll();
                return last.finished() ? List.of(last.text()) : List.of();
            }
        };
    }
}
