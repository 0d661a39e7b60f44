package dev.chatbot.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.llm.ToolCall;
import dev.chatbot.core.llm.ToolSpec;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the model gets wrong is answered as an error result, and nothing runs that should not. */
class ToolRunnerTests {

    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch interrupted = new CountDownLatch(1);

    final Tool echo = new Tool() {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("echo", "Says the word back",
                    "{\"type\":\"object\",\"properties\":{\"word\":{\"type\":\"string\"}},\"required\":[\"word\"]}");
        }

        @Override
        public String call(JsonNode arguments) {
            runs.incrementAndGet();
            return "echo " + arguments.path("word").asString();
        }
    };

    final Tool hang = new Tool() {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("hang", "Never answers", null);
        }

        @Override
        public String call(JsonNode arguments) throws InterruptedException {
            try {
                new CountDownLatch(1).await(); // nothing counts it down: only the runner's timeout ends the call
            } finally {
                interrupted.countDown();
            }
            return "never";
        }
    };

    final Map<String, Tool> usable = Map.of("echo", echo, "hang", hang);

    /**
     * Generous where nothing should time out: the first schema check loads the validator's classes,
     * which on a busy machine took longer than the hanging test's short timeout.
     */
    List<ToolOutcome> run(ToolCall... calls) throws InterruptedException {
        return runWithin(Duration.ofSeconds(30), calls);
    }

    List<ToolOutcome> runWithin(Duration timeout, ToolCall... calls) throws InterruptedException {
        ToolRunner runner = new ToolRunner(JsonMapper.builder().build(), McpJsonDefaults::getSchemaValidator, timeout, 50);
        return runner.start(List.of(calls), usable).await();
    }

    @Test
    void good_calls_run_in_parallel_and_keep_their_order() throws Exception {
        List<ToolOutcome> out = run(new ToolCall("a", "echo", "{\"word\":\"one\"}"), new ToolCall("b", "echo", "{\"word\":\"two\"}"));
        assertThat(out).extracting(ToolOutcome::content).containsExactly("echo one", "echo two");
        assertThat(out).noneMatch(ToolOutcome::error);
        assertThat(runs).hasValue(2);
    }

    @Test
    void an_unknown_tool_arguments_that_are_not_json_or_do_not_fit_are_errors_and_nothing_runs() throws Exception {
        List<ToolOutcome> out = run(new ToolCall("a", "rm_rf", "{}"), new ToolCall("b", "echo", "{\"word\": "),
                new ToolCall("c", "echo", "{\"word\": 42}"), new ToolCall("d", "echo", "[1]"));
        assertThat(out).allMatch(ToolOutcome::error);
        assertThat(out.get(0).content()).contains("no tool named 'rm_rf'");
        assertThat(out.get(1).content()).contains("not valid JSON");
        assertThat(out.get(2).content()).contains("do not fit the tool's schema");
        assertThat(out.get(3).content()).contains("must be a JSON object");
        assertThat(runs).hasValue(0);
    }

    @Test
    void a_hanging_tool_is_cut_at_its_timeout_and_a_long_result_is_cut() throws Exception {
        List<ToolOutcome> out = runWithin(Duration.ofSeconds(2), new ToolCall("h", "hang", "{}"), new ToolCall("e", "echo", "{\"word\":\"" + "x".repeat(200) + "\"}"));
        assertThat(out.get(0).error()).isTrue();
        assertThat(out.get(0).content()).contains("took longer than");
        assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out.get(1).content()).startsWith("echo xxx").contains("[cut: the result had 205 characters]");
    }
}
