package dev.chatbot.core.reply;

import java.time.Duration;

/** The reply contract for the deadline shape when the answer comes too late and is pushed. */
class LateDeadlineReplyContractTests extends DeadlineReplyContractTests {

    @Override
    Duration patience() {
        return Duration.ZERO;
    }
}
