package dev.chatbot.core.limits;

/**
 * What a turn set aside before calling the model; settling replaces it with what was really used,
 * in the same periods even if one of them has ended meanwhile.
 *
 * @param user  "platform:userId"
 * @param model the catalog id, for the statistics
 * @param turn  names the turn, so settling it twice (a retry whose first try did land) counts once
 */
public record Reservation(String user, String model, Window window, Spend reserved, String turn) {

    public Reservation(String user, String model, Window window, Spend reserved) {
        this(user, model, window, reserved, java.util.UUID.randomUUID().toString());
    }
}
