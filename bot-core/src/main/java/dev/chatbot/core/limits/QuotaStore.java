package dev.chatbot.core.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Per-user counting against limits, atomic per user: parallel turns of one user can never
 * together pass a limit that each alone would respect.
 */
public interface QuotaStore {

    /**
     * Sets {@code estimate} aside if the user is not banned and no limit is used up.
     *
     * @param defaults the caps where the user has none of their own
     */
    CompletionStage<Admission> reserve(String user, String model, Limits defaults, Spend estimate);

    /**
     * Replaces the reservation with what was really used; {@link Spend#NOTHING} gives it all back,
     * request included.
     *
     * @return the limits the user has just reached 80% of, each reported once per period
     */
    CompletionStage<List<HeadsUp>> settle(Reservation reservation, Limits defaults, Spend actual);

    CompletionStage<UsageReport> usage(String user, Limits defaults);
}
