package dev.chatbot.core.limits;

import java.time.Instant;

/** The answer to a reservation. */
public sealed interface Admission {

    /** The user may go ahead; the estimate now counts against their limits until settled. */
    record Admitted(Reservation reservation) implements Admission {
    }

    /** A limit is used up; {@code meter} is the one that lasts longest of those used up. */
    record OverLimit(Meter meter, long used, long cap, Instant resetsAt) implements Admission {
    }

    record Banned() implements Admission {
    }
}
