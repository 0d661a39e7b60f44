package dev.chatbot.core.tools;

import java.time.Duration;

/**
 * What the engine needs to let models use tools.
 *
 * @param toolbox            every tool config enabled, and who may use which
 * @param runner             runs one step's calls
 * @param maxSteps           model calls that may ask for tools in one turn; the next one must answer
 * @param timeLimit          how long one turn's tool steps may take together
 * @param historyResultChars what history keeps of a result, so follow-up questions work and the context stays bounded
 */
public record ToolsSetup(Toolbox toolbox, ToolRunner runner, int maxSteps, Duration timeLimit, int historyResultChars) {

    /** No tools at all. */
    public static final ToolsSetup NONE = new ToolsSetup(Toolbox.NONE, null, 0, Duration.ZERO, 0);

    public boolean isEnabled() {
        return maxSteps > 0 && !toolbox.isEmpty();
    }
}
