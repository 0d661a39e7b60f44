package dev.chatbot.core.limits;

import java.time.Instant;

/** A limit a user has now used 80% or more of, told to them once per period. */
public record HeadsUp(Meter meter, long used, long cap, Instant resetsAt) {
}
