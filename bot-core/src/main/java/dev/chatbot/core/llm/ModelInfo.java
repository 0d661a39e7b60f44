package dev.chatbot.core.llm;

import java.util.Set;

/**
 * A model users can pick.
 *
 * @param id                    what users type, e.g. "gpt-4o-mini"
 * @param provider              the provider's name in the registry
 * @param upstreamName          the name the provider's API expects
 * @param contextWindow         tokens of prompt plus answer the model accepts
 * @param maxOutputTokens       room kept for the answer; 0 means the provider's default
 * @param inputPricePerMillion  US dollars per million prompt tokens (0 when unknown or free)
 * @param outputPricePerMillion US dollars per million answer tokens
 * @param vision                whether it understands images
 * @param tools                 whether it can call tools (function calling); false sends it none
 * @param access                who may choose it
 * @param allowedUsers          with {@link Access#LISTED}: "platform:userId" of those who may
 */
public record ModelInfo(String id, String provider, String upstreamName, int contextWindow, int maxOutputTokens,
                        double inputPricePerMillion, double outputPricePerMillion, boolean vision,
                        boolean tools, Access access, Set<String> allowedUsers) {

    public enum Access {
        EVERYONE, LISTED, ADMINS;

        /**
         * Whether this user may use what this access guards (a model, a tool).
         *
         * @param listed    with {@link #LISTED}: "platform:userId" of those who may
         * @param senderRef "platform:userId"
         * @param admin     whether the user is one of the bot's admins, who may use everything
         */
        public boolean admits(Set<String> listed, String senderRef, boolean admin) {
            return switch (this) {
                case EVERYONE -> true;
                case ADMINS -> admin;
                case LISTED -> admin || listed.contains(senderRef);
            };
        }
    }

    public ModelInfo {
        access = access == null ? Access.EVERYONE : access;
        allowedUsers = allowedUsers == null ? Set.of() : Set.copyOf(allowedUsers);
    }

    /** A model that can call tools. */
    public ModelInfo(String id, String provider, String upstreamName, int contextWindow, int maxOutputTokens,
                     double inputPricePerMillion, double outputPricePerMillion, boolean vision,
                     Access access, Set<String> allowedUsers) {
        this(id, provider, upstreamName, contextWindow, maxOutputTokens, inputPricePerMillion, outputPricePerMillion,
                vision, true, access, allowedUsers);
    }

    /** A model open to everyone, price unknown. */
    public ModelInfo(String id, String provider, String upstreamName, int contextWindow, int maxOutputTokens) {
        this(id, provider, upstreamName, contextWindow, maxOutputTokens, 0, 0, false, Access.EVERYONE, Set.of());
    }

    /**
     * Whether this user may choose the model.
     *
     * @param senderRef "platform:userId"
     * @param admin     whether the user is one of the bot's admins, who may choose every model
     */
    public boolean isAllowedFor(String senderRef, boolean admin) {
        return access.admits(allowedUsers, senderRef, admin);
    }

    /** What the prompt may use, leaving room for the answer and a margin for tokenizer differences. */
    public int promptBudget() {
        int answer = maxOutputTokens > 0 ? maxOutputTokens : Math.min(4096, contextWindow / 4);
        return (int) ((contextWindow - answer) * 0.9);
    }

    /** US dollars a call with this usage costs. */
    public double cost(Usage usage) {
        return (usage.inputTokens() * inputPricePerMillion + usage.outputTokens() * outputPricePerMillion) / 1_000_000.0;
    }
}
