package dev.chatbot.core.engine;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.ToolCall;
import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.tools.Tool;
import dev.chatbot.core.tools.ToolOutcome;
import dev.chatbot.core.tools.ToolRunner;
import dev.chatbot.core.tools.ToolsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One turn's tool steps: the tools the chat may use, the calls the model made and what they gave
 * back (whole for the model's next step, cut to a budget for history), and the limits (steps,
 * time) that end a model that keeps calling.
 */
final class ToolSteps {

    private static final Logger log = LoggerFactory.getLogger(ToolSteps.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ToolsSetup setup;
    private final Map<String, Tool> usable;
    private final List<ToolSpec> specs;
    private final List<ChatMessage.Part> forModel = new ArrayList<>();
    private final List<ChatMessage.Part> forHistory = new ArrayList<>();
    private final long started = System.nanoTime();
    private int steps;
    /** The answer's text that earlier steps already carry. */
    private String said = "";

    ToolSteps(ToolsSetup setup, Map<String, Tool> usable) {
        this.setup = setup;
        this.usable = usable;
        this.specs = usable.values().stream().map(Tool::spec).toList();
    }

    static ToolSteps none() {
        return new ToolSteps(ToolsSetup.NONE, Map.of());
    }

    List<ToolSpec> specs() {
        return specs;
    }

    /** The prompt with this turn's steps so far after it. */
    List<ChatMessage> after(List<ChatMessage> prompt) {
        if (forModel.isEmpty()) {
            return prompt;
        }
        List<ChatMessage> out = new ArrayList<>(prompt);
        out.add(new ChatMessage(ChatMessage.Role.ASSISTANT, forModel));
        return out;
    }

    /** The text key of what ends the loop before the model's calls run (no tools, step or time limit), else null. */
    String limitReached() {
        if (specs.isEmpty()) {
            return "tool.none";
        }
        if (steps >= setup.maxSteps()) {
            return "tool.steps.limit";
        }
        if (System.nanoTime() - started > setup.timeLimit().toNanos()) {
            return "tool.time.limit";
        }
        return null;
    }

    String limitNote(Texts texts, String lang, String key) {
        return texts.get(lang, key, key.equals("tool.steps.limit") ? setup.maxSteps() : setup.timeLimit().toSeconds());
    }

    /** What the growing reply shows while the calls run: one line per call. */
    String showing(List<ToolCall> calls, Texts texts, String lang) {
        StringJoiner lines = new StringJoiner("\n");
        for (ToolCall call : calls) {
            Tool tool = usable.get(call.name());
            String subject = "";
            if (tool != null) {
                try {
                    subject = tool.subject(JSON.readTree(call.arguments()));
                } catch (RuntimeException notJson) {
                    // the runner tells the model; the line names the tool only
                }
            }
            String key = "tool.running." + call.name();
            lines.add(tool != null && texts.has(key) ? texts.get(lang, key, subject) : texts.get(lang, "tool.running", call.name()));
        }
        return lines.toString();
    }

    /**
     * Runs one step's calls (in parallel) and records them with their results.
     *
     * @param answerSoFar the answer's text when the model asked: what it said before the calls goes with them
     * @param batchStarted told the running batch, so that /stop can interrupt it
     */
    void run(List<ToolCall> calls, String answerSoFar, java.util.function.Consumer<ToolRunner.Batch> batchStarted)
            throws InterruptedException {
        steps++;
        String before = answerSoFar.startsWith(said) ? answerSoFar.substring(said.length()) : "";
        said = answerSoFar;
        if (!before.isBlank()) {
            forModel.add(new ChatMessage.Text(before.strip()));
            forHistory.add(new ChatMessage.Text(before.strip()));
        }
        for (ToolCall call : calls) {
            ChatMessage.ToolUse use = new ChatMessage.ToolUse(call.id(), call.name(), call.arguments(), call.signature());
            forModel.add(use);
            forHistory.add(use);
        }
        ToolRunner.Batch batch = setup.runner().start(calls, usable);
        batchStarted.accept(batch);
        List<ToolOutcome> outcomes = batch.await();
        for (ToolOutcome o : outcomes) {
            log.info("Tool {} {} ({} chars)", o.call().name(), o.error() ? "failed: " + abbreviate(o.content(), 200) : "answered",
                    o.content().length());
            forModel.add(new ChatMessage.ToolResult(o.call().id(), o.call().name(), o.content(), o.error()));
            forHistory.add(new ChatMessage.ToolResult(o.call().id(), o.call().name(),
                    abbreviate(o.content(), setup.historyResultChars()), o.error()));
        }
    }

    /** The answer as history keeps it: the steps, compactly, then what the model said after them. */
    ChatMessage inHistory(String saved) {
        if (forHistory.isEmpty()) {
            return ChatMessage.assistant(saved);
        }
        List<ChatMessage.Part> parts = new ArrayList<>(forHistory);
        String after = (saved.startsWith(said) ? saved.substring(said.length()) : saved).strip();
        if (!after.isBlank()) {
            parts.add(new ChatMessage.Text(after));
        }
        return new ChatMessage(ChatMessage.Role.ASSISTANT, parts);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
