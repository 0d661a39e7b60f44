package dev.chatbot.telegram;

import dev.chatbot.core.RootCause;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the bot's getUpdates calls as they pass through the polling HTTP client, and judges from
 * them whether updates reach the bot. It also logs what telegrambots would log as a stack trace on
 * every failed poll: one line when polling starts failing, one when it works again, and for a 409
 * (another instance polls the same token, which fails every other call for as long as both run)
 * one line with the hint, repeated at most every {@link #CONFLICT_REMINDER}.
 */
final class PollingWatch implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger(PollingWatch.class);

    /** Failures in a row (other than 409) after which the bot counts as not ready; one can be a blip. */
    static final int FAILURES_BEFORE_DOWN = 3;
    /**
     * Two pollers of one token take turns: each one's call ends the other's with a 409, and each
     * still succeeds now and then. So a success does not clear a conflict; only this long without
     * a 409 does.
     */
    static final Duration CONFLICT_MEMORY = Duration.ofMinutes(2);
    static final Duration CONFLICT_REMINDER = Duration.ofMinutes(10);
    static final String CONFLICT_HINT = "another instance polls this token (409 Conflict)";

    private final Clock clock;
    /** A long poll answers within its timeout; silence much beyond that means polling is stuck. */
    private final Duration silenceLimit;

    private Instant since;
    /** Set once the bot stops polling: the cancelled last call is no failure worth a warning. */
    private boolean stopping;
    private Instant lastSuccess;
    private Instant lastConflict;
    private Instant lastConflictWarning;
    private int conflictsSinceWarning;
    private int failuresInARow;
    private String lastFailure;

    PollingWatch(Clock clock, int pollTimeoutSeconds) {
        this.clock = clock;
        this.silenceLimit = Duration.ofSeconds(pollTimeoutSeconds).plusSeconds(60);
    }

    /** Polling begins now: silence is counted from here until the first answer. */
    synchronized void started() {
        since = clock.instant();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (!chain.request().url().encodedPath().toLowerCase(java.util.Locale.ROOT).endsWith("/getupdates")) {
            return chain.proceed(chain.request());
        }
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            failed(RootCause.describe(e));
            throw e;
        }
        if (response.isSuccessful()) {
            answered();
        } else if (response.code() == 409) {
            conflict(description(response));
        } else {
            failed(response.code() + " " + description(response));
        }
        return response;
    }

    synchronized void answered() {
        if (failuresInARow > 0 && lastFailure != null) {
            log.info("Telegram getUpdates works again after {} failed calls", failuresInARow);
        }
        lastSuccess = clock.instant();
        failuresInARow = 0;
        lastFailure = null;
    }

    synchronized void conflict(String description) {
        Instant now = clock.instant();
        lastConflict = now;
        conflictsSinceWarning++;
        if (lastConflictWarning == null || !now.isBefore(lastConflictWarning.plus(CONFLICT_REMINDER))) {
            log.warn("Telegram answered getUpdates with 409 Conflict: {}. Stop the other instance (or delete the "
                            + "webhook set for this token); this one keeps polling and reports itself not ready meanwhile. "
                            + "({} such answers since the last warning; Telegram said: {})",
                    CONFLICT_HINT, conflictsSinceWarning, description);
            lastConflictWarning = now;
            conflictsSinceWarning = 0;
        }
    }

    synchronized void stopping() {
        stopping = true;
    }

    synchronized void failed(String reason) {
        if (stopping) {
            return;
        }
        failuresInARow++;
        if (failuresInARow == 1) {
            log.warn("Telegram getUpdates failed: {}; retrying with back-off", reason);
        } else {
            log.debug("Telegram getUpdates failed again ({} in a row): {}", failuresInARow, reason);
        }
        lastFailure = reason;
    }

    /** Whether updates reach the bot now, and if not, why. */
    synchronized TelegramReadiness readiness() {
        Instant now = clock.instant();
        if (lastConflict != null && now.isBefore(lastConflict.plus(CONFLICT_MEMORY))) {
            return TelegramReadiness.down(CONFLICT_HINT + "; stop the other instance", lastSuccess);
        }
        if (failuresInARow >= FAILURES_BEFORE_DOWN) {
            return TelegramReadiness.down("getUpdates failed " + failuresInARow + " times in a row: " + lastFailure,
                    lastSuccess);
        }
        Instant heardFrom = lastSuccess != null ? lastSuccess : since;
        if (heardFrom != null && now.isAfter(heardFrom.plus(silenceLimit))) {
            return TelegramReadiness.down("no answer to getUpdates for " + Duration.between(heardFrom, now).toSeconds()
                    + " s", lastSuccess);
        }
        return TelegramReadiness.up("polling", lastSuccess);
    }

    private static String description(Response response) {
        try {
            String body = response.peekBody(2048).string();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"description\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : response.message();
        } catch (IOException e) {
            return response.message();
        }
    }
}
