package dev.chatbot.core;

/** The innermost cause of a failure, said in one line for a log or an operator's message. */
public final class RootCause {

    private RootCause() {
    }

    /** "SimpleName: message" of the innermost cause. */
    public static String describe(Throwable e) {
        Throwable t = of(e);
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** The innermost cause itself. */
    public static Throwable of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
