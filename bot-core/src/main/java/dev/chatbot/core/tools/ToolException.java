package dev.chatbot.core.tools;

/** A tool could not do what the model asked; the message goes back to the model as the call's result. */
public final class ToolException extends Exception {

    public ToolException(String message) {
        super(message, null, false, false);
    }
}
