package dev.chatbot.wechat;

import java.util.ArrayList;
import java.util.List;

/**
 * One message WeChat shows the user: a text, or a picture already uploaded as temporary media. A
 * passive reply carries exactly one; what else the answer holds goes out another way.
 */
public sealed interface WxMessage {

    record Text(String content) implements WxMessage {
    }

    /** @param mediaId what media/upload answered; WeChat keeps it three days */
    record Picture(String mediaId) implements WxMessage {
    }

    /** The messages in order, blank texts left out and neighbouring texts joined as one answer's paragraphs. */
    static List<WxMessage> joined(List<WxMessage> messages) {
        List<WxMessage> out = new ArrayList<>();
        for (WxMessage m : messages) {
            if (m instanceof Text t && t.content().isBlank()) {
                continue;
            }
            if (m instanceof Text t && !out.isEmpty() && out.getLast() instanceof Text before) {
                out.set(out.size() - 1, new Text(before.content() + "\n\n" + t.content()));
            } else {
                out.add(m);
            }
        }
        return out;
    }
}
