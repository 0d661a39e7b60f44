package dev.chatbot.core.limits;

/**
 * What a turn set aside before calling the model; settling replaces it with what was really used,
 * in the same periods even if one of them has ended meanwhile.
 *
 * @param user  "platform:userId"
 * @param model the catalog id, for the statistics
 */
public record Reservation(String user, String model, Window window, Spend reserved) {
}
