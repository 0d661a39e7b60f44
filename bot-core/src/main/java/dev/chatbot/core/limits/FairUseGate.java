package dev.chatbot.core.limits;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.Usage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fair use backed by the stores: the access list, usernames as they arrive, and per turn a
 * reservation (estimate: the prompt's tokens plus an allowance for the answer) settled with the
 * real usage. Limits stack: the user's own over the admins' defaults over the configured ones.
 */
public final class FairUseGate implements FairUse {

    private static final Logger log = LoggerFactory.getLogger(FairUseGate.class);

    /** Tokens set aside for an answer until its real size is known. */
    static final int ANSWER_ALLOWANCE = 1000;

    private final QuotaStore quotas;
    private final DefaultLimits defaults;
    private final UsageStats stats;
    private final UserDirectory users;
    private final AccessList access;
    private final QuotaTexts texts;

    public FairUseGate(QuotaStore quotas, DefaultLimits defaults, UsageStats stats, UserDirectory users,
                       AccessList access, QuotaTexts texts) {
        this.quotas = quotas;
        this.defaults = defaults;
        this.stats = stats;
        this.users = users;
        this.access = access;
        this.texts = texts;
    }

    @Override
    public void noticeSender(String platform, String userId, String username) {
        users.remember(platform, userId, username);
    }

    @Override
    public boolean admits(String sender, String chat) {
        return access.allows(sender, chat);
    }

    @Override
    public QuotaTurn begin(String user, String language) {
        return new MeteredTurn(user, language, defaults.current());
    }

    static int answerAllowance(ModelInfo model) {
        return model.maxOutputTokens() > 0 ? Math.min(model.maxOutputTokens(), ANSWER_ALLOWANCE) : ANSWER_ALLOWANCE;
    }

    private final class MeteredTurn implements QuotaTurn {

        private final String user;
        private final String language;
        private final CompletableFuture<Limits> pendingDefaults;
        private Limits defaults;
        private ModelInfo model;
        private Reservation reservation;
        /** A turn counts as one request however many steps (tool rounds) it takes; each step's tokens count. */
        private boolean requestCounted;

        MeteredTurn(String user, String language, CompletableFuture<Limits> pendingDefaults) {
            this.user = user;
            this.language = language;
            this.pendingDefaults = pendingDefaults;
        }

        /** A priced call that is not a chat model's: its one request and dollars, once reserved. */
        private Spend charge;

        @Override
        public Optional<String> reserve(ModelInfo model, int promptTokens) {
            this.model = model;
            int allowance = answerAllowance(model);
            Spend estimate = new Spend(requestCounted ? 0 : 1, promptTokens + allowance,
                    Spend.micros(model.cost(new Usage(promptTokens, allowance, true))));
            return admit(model.id(), estimate);
        }

        @Override
        public Optional<String> reserveCharge(String what, double usd, int images) {
            charge = new Spend(1, 0, Spend.micros(usd), images);
            return admit(what, charge);
        }

        @Override
        public CompletableFuture<Optional<String>> settleCharge(boolean used) {
            Reservation r = reservation;
            if (r == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            reservation = null;
            Spend actual = used ? charge : Spend.NOTHING;
            if (used) {
                record(r, actual);
            }
            return headsUps(quotas.settle(r, defaults, actual).toCompletableFuture());
        }

        private Optional<String> admit(String what, Spend estimate) {
            this.defaults = pendingDefaults.join();
            Admission admission = quotas.reserve(user, what, defaults, estimate).toCompletableFuture().join();
            return switch (admission) {
                case Admission.Admitted a -> {
                    reservation = a.reservation();
                    yield Optional.empty();
                }
                case Admission.OverLimit o -> {
                    log.info("Refused {}: {} used {} of {}", user, o.meter(), o.used(), o.cap());
                    yield Optional.of(texts.overLimit(language, o));
                }
                case Admission.Banned b -> {
                    log.info("Refused {}: banned", user);
                    yield Optional.of(texts.text(language, "quota.banned"));
                }
            };
        }

        @Override
        public CompletableFuture<Optional<String>> settle(Usage usage) {
            Reservation r = reservation;
            if (r == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            reservation = null;
            Spend actual = usage == null ? Spend.NOTHING
                    : new Spend(requestCounted ? 0 : 1, usage.totalTokens(), Spend.micros(model.cost(usage)));
            requestCounted |= usage != null;
            CompletableFuture<List<HeadsUp>> settled = quotas.settle(r, defaults, actual).toCompletableFuture();
            if (usage != null) {
                record(r, actual);
            }
            return headsUps(settled);
        }

        private void record(Reservation r, Spend actual) {
            stats.record(r.model(), user, r.window(), actual).exceptionally(e -> {
                log.warn("Could not record statistics for {}: {}", user, RootCause.describe(e));
                return null;
            });
        }

        private CompletableFuture<Optional<String>> headsUps(CompletableFuture<List<HeadsUp>> settled) {
            return settled.thenApply(headsUps -> headsUps.isEmpty() ? Optional.<String>empty()
                            : Optional.of(String.join("\n", headsUps.stream().map(h -> texts.headsUp(language, h)).toList())))
                    .exceptionally(e -> {
                        log.warn("Could not settle the quota of {}: {}", user, RootCause.describe(e));
                        return Optional.empty();
                    });
        }
    }

}
