package dev.chatbot.core.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The models the bot offers, by the id users type, and the one used where a chat chose none.
 * Ids are unique across providers, so an id alone says where a request goes.
 */
public final class ModelCatalog {

    private static final int UNKNOWN_MODEL_CONTEXT = 32_768;

    /** Ids longer than this are carried in buttons by a short hash (Telegram allows 64 bytes). */
    static final int MAX_INLINE_REF_BYTES = 40;
    private static final String HASH_PREFIX = "~";

    private final Map<String, ModelInfo> models = new LinkedHashMap<>();
    private final String defaultModel;
    private final String defaultProvider;

    public ModelCatalog(Collection<ModelInfo> models, String defaultModel, String defaultProvider) {
        for (ModelInfo m : models) {
            this.models.put(m.id(), m);
        }
        this.defaultModel = defaultModel;
        this.defaultProvider = defaultProvider;
    }

    /**
     * The model with this id; case does not matter, and a {@link #ref} from a button is accepted too.
     */
    public Optional<ModelInfo> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String wanted = id.strip();
        ModelInfo exact = models.get(wanted);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (ModelInfo m : models.values()) {
            if (m.id().equalsIgnoreCase(wanted) || (wanted.startsWith(HASH_PREFIX) && wanted.equals(hashRef(m.id())))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public Collection<ModelInfo> all() {
        return models.values();
    }

    public String defaultModel() {
        return defaultModel;
    }

    /**
     * The model a chat uses: its own choice when still known, else the default. The default need
     * not be listed: an operator may name any model of the default provider.
     */
    public ModelInfo resolve(String chosen) {
        if (chosen != null && models.containsKey(chosen)) {
            return models.get(chosen);
        }
        return find(defaultModel).orElseGet(
                () -> new ModelInfo(defaultModel, defaultProvider, defaultModel, UNKNOWN_MODEL_CONTEXT, 0));
    }

    /** The models this user may choose, in catalog order. */
    public List<ModelInfo> choicesFor(String senderRef, boolean admin) {
        return models.values().stream().filter(m -> m.isAllowedFor(senderRef, admin)).toList();
    }

    /**
     * A short stand-in for the id that {@link #find} understands: the id itself when short, else
     * "~" and a hash, so that a command naming it fits any platform's button payload.
     */
    public static String ref(String id) {
        return id.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_REF_BYTES ? id : hashRef(id);
    }

    private static String hashRef(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The ids among {@code candidates} closest to what the user typed: same letters and digits,
     * one containing the other, or a few typos apart. Best first, at most {@code max}.
     */
    public static List<String> suggest(String typed, Collection<ModelInfo> candidates, int max) {
        String query = normalize(typed);
        if (query.isEmpty()) {
            return List.of();
        }
        record Scored(String id, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (ModelInfo m : candidates) {
            String id = normalize(m.id());
            String name = normalize(m.id().substring(m.id().lastIndexOf('/') + 1));
            double score;
            if (id.equals(query) || name.equals(query)) {
                score = 0;
            } else if (id.contains(query) || query.contains(name)) {
                score = 1 + Math.abs(id.length() - query.length()) / 100.0;
            } else {
                int distance = Math.min(distance(id, query), distance(name, query));
                if (distance > Math.max(2, query.length() / 3)) {
                    continue;
                }
                score = 1 + distance;
            }
            scored.add(new Scored(m.id(), score));
        }
        return scored.stream().sorted(Comparator.comparingDouble(Scored::score)).limit(max).map(Scored::id).toList();
    }

    /** Lower case, letters and digits only: "GPT 4o" and "gpt-4o" read alike. */
    private static String normalize(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
