package dev.chatbot.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.chatbot.testsupport.TokenizerCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The compact o200k_base counter against jtokkit's own: the same count for every text of a corpus of
 * prose, code, many scripts, long runs of one character and random Unicode.
 */
class TokenCounterMatchesJtokkitTests {

    static final Encoding JTOKKIT = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    final TokenCounter counter = new TokenCounter();

    @Test
    void every_text_of_the_corpus_counts_as_jtokkit_counts_it() {
        List<String> corpus = TokenizerCorpus.all();
        assertThat(corpus.size()).isGreaterThan(1_900);
        List<String> mismatches = new ArrayList<>();
        long tokens = 0;
        for (String text : corpus) {
            int expected = JTOKKIT.countTokensOrdinary(text);
            tokens += expected;
            int actual = counter.count(text);
            if (actual != expected) {
                mismatches.add("jtokkit " + expected + ", ours " + actual + ": "
                        + text.substring(0, Math.min(80, text.length())).replace("\n", "\\n"));
            }
        }
        assertThat(mismatches).as(corpus.size() + " texts").isEmpty();
        assertThat(tokens).as("the corpus is not trivially small").isGreaterThan(200_000);
    }

    @Test
    void long_runs_of_one_character_count_as_jtokkit_counts_them() {
        for (String run : TokenizerCorpus.longRuns()) {
            assertThat(counter.count(run)).as(run.substring(0, 10)).isEqualTo(JTOKKIT.countTokensOrdinary(run));
        }
        assertThat(counter.count("a".repeat(5_000))).isGreaterThan(100);
    }

    @Test
    void pieces_either_side_of_the_scan_limit_count_as_jtokkit_counts_them() {
        // One letter run is one piece: lengths around the switch from scanning to the heap.
        String letters = "qwertyuiopasdfghjklzxcvbnm";
        StringBuilder word = new StringBuilder();
        for (int length = 1; length <= BytePairCounter.SCAN_LIMIT * 4; length++) {
            word.append(letters.charAt((length * 7) % letters.length()));
            String text = word.toString();
            assertThat(counter.count(text)).as("length " + length).isEqualTo(JTOKKIT.countTokensOrdinary(text));
        }
    }

    @Test
    void the_vocabulary_holds_every_token_of_the_file_at_its_rank() throws IOException {
        TokenRanks ranks = TokenRanks.read(TokenCounter.class.getResourceAsStream(O200kBase.VOCABULARY));
        int lines = 0;
        try (BufferedReader file = new BufferedReader(new InputStreamReader(
                TokenCounter.class.getResourceAsStream(O200kBase.VOCABULARY), StandardCharsets.US_ASCII))) {
            for (String line = file.readLine(); line != null; line = file.readLine()) {
                String[] fields = line.split(" ");
                byte[] token = Base64.getDecoder().decode(fields[0]);
                assertThat(ranks.rank(token, 0, token.length)).as(line).isEqualTo(Integer.parseInt(fields[1]));
                lines++;
            }
        }
        assertThat(ranks.size()).isEqualTo(lines).isEqualTo(199_998);
        byte[] text = "xhello worldx".getBytes(StandardCharsets.UTF_8);
        assertThat(ranks.rank(text, 1, 6)).isEqualTo(ranks.rank("hello".getBytes(StandardCharsets.UTF_8), 0, 5));
        assertThat(ranks.rank(text, 0, text.length)).isEqualTo(TokenRanks.NOT_A_TOKEN);
    }

    @Test
    void threads_sharing_one_counter_get_the_counts_of_one_thread() throws Exception {
        List<String> corpus = TokenizerCorpus.randomWords(new java.util.Random(99L), 200, 3_000);
        List<Integer> alone = corpus.stream().map(counter::count).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<Integer>>> together = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                together.add(pool.submit(() -> corpus.stream().map(new TokenCounter()::count).toList()));
            }
            for (Future<List<Integer>> counts : together) {
                assertThat(counts.get()).isEqualTo(alone);
            }
        }
    }
}
