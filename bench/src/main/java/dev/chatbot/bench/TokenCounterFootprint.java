package dev.chatbot.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.testsupport.TokenizerCorpus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What the o200k_base counter costs, next to jtokkit's: heap retained after loading, time to load, and
 * counting throughput over the tokenizer corpus. A rough measurement, printed, not asserted. Run from
 * the repository root (the corpus reads the README and source files):
 * {@code java -cp <bench classpath> dev.chatbot.bench.TokenCounterFootprint}.
 */
public final class TokenCounterFootprint {

    private TokenCounterFootprint() {
    }

    public static void main(String[] args) {
        System.out.println(Machine.describe());
        List<String> corpus = TokenizerCorpus.all();
        long bytes = corpus.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();

        long before = usedHeapAfterGc();
        long start = System.nanoTime();
        TokenCounter ours = new TokenCounter();
        long oursLoad = System.nanoTime() - start;
        long oursHeap = usedHeapAfterGc() - before;

        before = usedHeapAfterGc();
        start = System.nanoTime();
        Encoding jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long jtokkitLoad = System.nanoTime() - start;
        long jtokkitHeap = usedHeapAfterGc() - before;

        System.out.printf("retained heap: compact %.1f MB, jtokkit %.1f MB%n", oursHeap / 1e6, jtokkitHeap / 1e6);
        System.out.printf("first load:    compact %d ms, jtokkit %d ms%n", oursLoad / 1_000_000, jtokkitLoad / 1_000_000);
        System.out.printf("corpus: %d texts, %.1f MB of UTF-8%n", corpus.size(), bytes / 1e6);
        for (int round = 1; round <= 6; round++) {
            report("compact", corpus, bytes, ours::count);
            report("jtokkit", corpus, bytes, jtokkit::countTokensOrdinary);
        }
        // keeps both loaded until here, so neither is collected while the other is measured
        System.out.println("(" + ours.count("ok") + jtokkit.countTokensOrdinary("ok") + ")");
    }

    private static void report(String name, List<String> corpus, long bytes, ToIntFunction<String> counter) {
        int passes = 5;
        long tokens = 0;
        long start = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            for (String text : corpus) {
                tokens += counter.applyAsInt(text);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %.1f MB/s, %.2f M tokens/s%n", name, bytes * passes / 1e6 / seconds, tokens / 1e6 / seconds);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
