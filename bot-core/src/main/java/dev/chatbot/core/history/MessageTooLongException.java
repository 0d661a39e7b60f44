package dev.chatbot.core.history;

/** The system prompt and the user's message alone do not fit the model's context window. */
public final class MessageTooLongException extends RuntimeException {

    private final int tokens;
    private final int budget;

    public MessageTooLongException(int tokens, int budget) {
        super("message needs " + tokens + " tokens, budget is " + budget);
        this.tokens = tokens;
        this.budget = budget;
    }

    public int tokens() {
        return tokens;
    }

    public int budget() {
        return budget;
    }
}
