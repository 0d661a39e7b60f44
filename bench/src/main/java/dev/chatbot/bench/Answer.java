package dev.chatbot.bench;

import java.util.ArrayList;
import java.util.List;

/** The answer every benchmark question gets: plain words, so rendering changes nothing. */
record Answer(List<String> tokens, int[] visibleAfter, String text) {

    static Answer ofTokens(int count) {
        List<String> tokens = new ArrayList<>(count);
        int[] ends = new int[count];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String token = (i == 0 ? "" : " ") + "word" + i;
            tokens.add(token);
            text.append(token);
            ends[i] = text.length();
        }
        return new Answer(List.copyOf(tokens), ends, text.toString());
    }

    /** How many tokens a text of this length shows. */
    int tokensShown(int length) {
        int lo = 0;
        int hi = visibleAfter.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (visibleAfter[mid] <= length) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
