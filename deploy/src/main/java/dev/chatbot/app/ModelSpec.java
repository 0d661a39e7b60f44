package dev.chatbot.app;

import java.util.List;

/**
 * One model of the BOT_CONFIG file's models list, or of the built-in list (builtin-models.yml).
 * Only the id is required; the README documents every field.
 *
 * @param id              what users type; unique across providers
 * @param provider        the provider's name; may be left out when the id starts with it ("openrouter/...")
 * @param upstream        the name the provider's API expects; by default the id without the
 *                        provider prefix (for azure: the deployment)
 * @param contextWindow   tokens of prompt plus answer
 * @param maxOutputTokens room kept for the answer and sent as the answer's cap; 0 sends none
 * @param inputPrice      US dollars per million prompt tokens
 * @param outputPrice     US dollars per million answer tokens
 * @param vision          whether it understands images
 * @param tools           whether it can call tools; by default true (false: the bot offers it none)
 * @param access          everyone (default), admins, or listed (only {@code users} and admins)
 * @param users           "platform:userId" of those who may choose it; implies access listed
 */
record ModelSpec(String id, String provider, String upstream, Integer contextWindow, Integer maxOutputTokens,
                 Double inputPrice, Double outputPrice, Boolean vision, Boolean tools, String access, List<String> users) {

    ModelSpec {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
