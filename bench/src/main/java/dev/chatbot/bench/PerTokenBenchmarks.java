package dev.chatbot.bench;

import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.reply.ChatPace;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.EditInPlaceReply;
import dev.chatbot.core.reply.MessageSurface;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-token path in isolation: accumulating the text and the pacing decision (one whole
 * 40-token answer through a EditInPlaceReply whose surface does nothing), and token counting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PerTokenBenchmarks {

    static final Answer ANSWER = Answer.ofTokens(40);

    private final TokenCounter counter = new TokenCounter();

    /** Accepts everything at once, as if the platform cost nothing. */
    static final class NullSurface implements MessageSurface {
        @Override
        public int maxLength() {
            return 4096;
        }

        @Override
        public String send(String text, List<Choice> choices) {
            return "1";
        }

        @Override
        public void edit(String messageId, String text, List<Choice> choices) {
        }
    }

    @Benchmark
    public void answerOf40TokensThroughEditInPlaceReply() {
        EditInPlaceReply reply = new EditInPlaceReply(new NullSurface(), new ChatPace(Duration.ofSeconds(1)));
        StringBuilder text = new StringBuilder();
        for (String token : ANSWER.tokens()) {
            text.append(token);
            reply.update(text.toString());
        }
        reply.finish(text.toString());
    }

    @Benchmark
    public void countTokensOfAnAnswer(Blackhole hole) {
        hole.consume(counter.count(ANSWER.text()));
    }
}
