package dev.chatbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTrackerTests {

    static final long MS = 1_000_000;

    @Test
    void tokens_shown_follow_the_visible_length() {
        Answer a = Answer.ofTokens(3); // "word0 word1 word2"
        assertThat(a.text()).isEqualTo("word0 word1 word2");
        assertThat(a.tokensShown(0)).isZero();
        assertThat(a.tokensShown(5)).isEqualTo(1);
        assertThat(a.tokensShown(8)).isEqualTo(1);
        assertThat(a.tokensShown(11)).isEqualTo(2);
        assertThat(a.tokensShown(17)).isEqualTo(3);
    }

    @Test
    void added_latency_leaves_out_what_pacing_held_back() {
        Answer a = Answer.ofTokens(3);
        List<Long> answered = new ArrayList<>();
        LatencyTracker t = new LatencyTracker(a, 1000 * MS, 500 * MS, answered::add);
        t.asked(1, 0);
        t.tokenSent(1, 0, 10 * MS);
        t.shown(1, "sendmessage", "word0", 14 * MS);          // 4 ms after the token: all added
        t.tokenSent(1, 1, 20 * MS);
        t.tokenSent(1, 2, 30 * MS);
        t.shown(1, "editmessagetext", "word0 word1 word2", 1_016 * MS); // pace allowed at 1014 ms: 2 ms added each

        assertThat(t.addedLatency().count()).isEqualTo(3);
        assertThat(t.addedLatency().percentileMillis(100)).isEqualTo(4.0);
        assertThat(t.addedLatency().percentileMillis(50)).isEqualTo(2.0);
        assertThat(t.timeToFirstText().percentileMillis(50)).isEqualTo(14.0);
        assertThat(answered).containsExactly(1L);
        assertThat(t.wrongTexts()).isZero();
    }

    @Test
    void a_draft_with_the_whole_text_is_not_yet_an_answer_and_wrong_text_is_counted() {
        Answer a = Answer.ofTokens(2);
        List<Long> answered = new ArrayList<>();
        LatencyTracker t = new LatencyTracker(a, 0, 0, answered::add);
        t.asked(7, 0);
        t.shown(7, "sendmessagedraft", a.text(), MS);
        assertThat(answered).isEmpty();
        t.shown(7, "sendmessage", "something else", 2 * MS);
        assertThat(t.wrongTexts()).isEqualTo(1);
    }

    @Test
    void tokens_held_for_the_next_draft_slot_count_as_pacing_not_as_added_latency() {
        Answer a = Answer.ofTokens(3);
        LatencyTracker t = new LatencyTracker(a, 1000 * MS, 500 * MS, id -> { });
        t.asked(1, 0);
        t.tokenSent(1, 0, 10 * MS);
        t.shown(1, "sendmessagedraft", "word0", 12 * MS);          // 2 ms added
        t.tokenSent(1, 1, 100 * MS);                                // waits for the draft slot at 512 ms...
        t.tokenSent(1, 2, 300 * MS);                                // ...but the stream ends at 300 ms
        t.shown(1, "sendmessage", "word0 word1 word2", 305 * MS);  // 5 ms after the end: 5 ms added each
        assertThat(t.addedLatency().percentileMillis(100)).isEqualTo(5.0);
        assertThat(t.addedLatency().percentileMillis(0)).isEqualTo(2.0);
    }
}
