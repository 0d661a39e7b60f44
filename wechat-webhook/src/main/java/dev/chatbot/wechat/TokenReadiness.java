package dev.chatbot.wechat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the accounts that call WeChat's or WeCom's API can get an access token: each is checked
 * when it starts, and again with every renewal; a refused one is asked again now and then, since
 * a whitelist or a secret may be fixed on the platform's side. Not ready while any is refused, with
 * the platform's reason; a wrong secret then shows at once, not at the first late answer.
 */
public final class TokenReadiness {

    /** @param detail one line per account */
    public record Status(boolean ready, String detail) {
    }

    private final Duration recheck;
    private final Clock clock;
    private final List<Watched> accounts = new CopyOnWriteArrayList<>();

    private record Watched(AccessTokens tokens, AtomicBoolean checking) {
    }

    /** @param recheck how long a refused account waits before it is asked again */
    public TokenReadiness(Duration recheck, Clock clock) {
        this.recheck = recheck;
        this.clock = clock;
    }

    /** Checks the account now, in the background, and from then on shows it. */
    public void watch(AccessTokens tokens) {
        Watched watched = new Watched(tokens, new AtomicBoolean());
        accounts.add(watched);
        checkInBackground(watched);
    }

    public Status status() {
        boolean ready = true;
        List<String> lines = new ArrayList<>();
        for (Watched watched : accounts) {
            AccessTokens.FetchOutcome outcome = watched.tokens().lastFetch();
            String account = watched.tokens().account();
            if (outcome == null) {
                ready = false;
                lines.add(account + ": checking the access token");
            } else if (outcome.succeeded()) {
                lines.add(account + ": access token fetched");
            } else {
                ready = false;
                lines.add(account + ": no access token: " + outcome.problem());
                if (!clock.instant().isBefore(outcome.at().plus(recheck))) {
                    checkInBackground(watched);
                }
            }
        }
        return new Status(ready, lines.isEmpty() ? "no account calls the API" : String.join("; ", lines));
    }

    private void checkInBackground(Watched watched) {
        if (watched.checking().compareAndSet(false, true)) {
            Thread.ofVirtual().name("wechat-token-check").start(() -> {
                try {
                    watched.tokens().check();
                } finally {
                    watched.checking().set(false);
                }
            });
        }
    }
}
