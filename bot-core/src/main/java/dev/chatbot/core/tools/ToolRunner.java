package dev.chatbot.core.tools;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.llm.ToolCall;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the calls of one model step, in parallel, each on a virtual thread. What the model got
 * wrong (a tool it may not or cannot use, arguments that are not JSON or do not fit the schema) is
 * answered as an error result without running anything; a tool that takes longer than the timeout
 * is interrupted; every result is cut to a size the model's context can take.
 */
public final class ToolRunner {

    private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

    private final JsonMapper json;
    private final Supplier<JsonSchemaValidator> schemaValidator;
    /** Made at the first tool call: the validator and its schema library are some 300 classes, loaded for nothing while no tool is called. */
    private volatile JsonSchemaValidator schemas;
    private final Duration timeout;
    private final int maxResultChars;

    /**
     * @param schemaValidator makes what checks arguments against a tool's JSON Schema (the MCP SDK's validator)
     * @param timeout        how long one call may take
     * @param maxResultChars what the model gets of a longer result
     */
    public ToolRunner(JsonMapper json, Supplier<JsonSchemaValidator> schemaValidator, Duration timeout, int maxResultChars) {
        this.json = json;
        this.schemaValidator = schemaValidator;
        this.timeout = timeout;
        this.maxResultChars = maxResultChars;
    }

    /** Starts every call at once; {@link Batch#await} collects the outcomes in the calls' order. */
    public Batch start(List<ToolCall> calls, Map<String, Tool> usable) {
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tool-", 0).factory());
        List<Future<ToolOutcome>> running = new ArrayList<>();
        for (ToolCall call : calls) {
            running.add(threads.submit(() -> run(call, usable.get(call.name()))));
        }
        threads.shutdown();
        return new Batch(calls, running, threads);
    }

    private JsonSchemaValidator schemas() {
        JsonSchemaValidator made = schemas;
        if (made == null) {
            synchronized (this) {
                if (schemas == null) {
                    schemas = schemaValidator.get();
                }
                made = schemas;
            }
        }
        return made;
    }

    /** The arguments as the tool takes them, after the checks a model's mistakes fail. */
    private ToolOutcome run(ToolCall call, Tool tool) {
        if (tool == null) {
            return error(call, "there is no tool named '" + call.name() + "' here; use only the tools offered");
        }
        JsonNode arguments;
        try {
            arguments = json.readTree(call.arguments());
        } catch (JacksonException e) {
            return error(call, "the arguments are not valid JSON: " + e.getOriginalMessage());
        }
        if (arguments == null || !arguments.isObject()) {
            return error(call, "the arguments must be a JSON object");
        }
        String mismatch = mismatch(tool, arguments);
        if (mismatch != null) {
            return error(call, "the arguments do not fit the tool's schema: " + mismatch);
        }
        try {
            return new ToolOutcome(call, cut(tool.call(arguments)), false);
        } catch (ToolException e) {
            return error(call, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(call, "stopped");
        } catch (RuntimeException e) {
            log.warn("Tool {} failed: {}", call.name(), RootCause.describe(e));
            return error(call, "the tool failed: " + RootCause.describe(e));
        }
    }

    @SuppressWarnings("unchecked")
    private String mismatch(Tool tool, JsonNode arguments) {
        Map<String, Object> schema = json.readValue(tool.spec().inputSchema(), Map.class);
        JsonSchemaValidator.ValidationResponse checked = schemas().validate(schema, json.convertValue(arguments, Map.class));
        return checked.valid() ? null : checked.errorMessage();
    }

    private ToolOutcome error(ToolCall call, String why) {
        return new ToolOutcome(call, cut(why), true);
    }

    private String cut(String text) {
        if (text.length() <= maxResultChars) {
            return text;
        }
        return text.substring(0, maxResultChars) + "\n[cut: the result had " + text.length() + " characters]";
    }

    /** The calls of one step, running. */
    public final class Batch {
        private final List<ToolCall> calls;
        private final List<Future<ToolOutcome>> running;
        private final ExecutorService threads;

        private Batch(List<ToolCall> calls, List<Future<ToolOutcome>> running, ExecutorService threads) {
            this.calls = calls;
            this.running = running;
            this.threads = threads;
        }

        /** Waits for each call until the shared timeout; those still running then are interrupted. */
        public List<ToolOutcome> await() throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ToolOutcome> out = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                Future<ToolOutcome> f = running.get(i);
                ToolCall call = calls.get(i);
                try {
                    out.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    log.warn("Tool {} cut off after {}", call.name(), timeout);
                    out.add(error(call, "the tool took longer than " + timeout.toSeconds() + " s and was stopped"));
                } catch (CancellationException e) {
                    out.add(error(call, "stopped"));
                } catch (ExecutionException e) {
                    out.add(error(call, "the tool failed: " + RootCause.describe(e)));
                }
            }
            return out;
        }

        /** Interrupts every call still running (/stop). */
        public void cancel() {
            threads.shutdownNow();
            running.forEach(f -> f.cancel(true));
        }
    }
}
