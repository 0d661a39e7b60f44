package dev.chatbot.core.commands;

import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.limits.QuotaTurn;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.media.ImageGenerator;
import dev.chatbot.core.reply.Typing;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /image [size] [quality] &lt;prompt&gt; draws through the configured image model and sends the picture:
 * size {@code square}, {@code wide}, {@code tall} or {@code WxH}; quality as the model names it
 * ({@code standard}/{@code hd} for dall-e-3, {@code low}/{@code medium}/{@code high} for gpt-image-1).
 */
public final class ImageCommand implements CommandHandler {

    private static final Logger log = LoggerFactory.getLogger(ImageCommand.class);
    private static final Pattern SIZE = Pattern.compile("\\d{3,4}x\\d{3,4}");
    private static final Set<String> QUALITIES = Set.of("standard", "hd", "low", "medium", "high", "auto");
    /** A caption shows the prompt; Telegram allows 1,024 characters, Discord more. */
    static final int CAPTION = 900;

    /** What one /image asks for. */
    public record Request(String prompt, String size, String quality) {
    }

    private final ImageGenerator drawing;
    private final String model;
    private final String defaultSize;
    private final String defaultQuality;
    private final FairUse fairUse;
    private final Map<String, Double> prices;

    /** A command without limits or prices. */
    public ImageCommand(ImageGenerator drawing, String model, String defaultSize, String defaultQuality) {
        this(drawing, model, defaultSize, defaultQuality, FairUse.OPEN, Map.of());
    }

    /**
     * @param drawing null when drawing is switched off
     * @param model   the image model's name, which decides what "wide" and "tall" mean
     * @param fairUse who may draw and how much: each picture is one request and its price in dollars
     * @param prices  US dollars per picture by "size/quality" (e.g. "1024x1024/hd"), or by "size" alone
     */
    public ImageCommand(ImageGenerator drawing, String model, String defaultSize, String defaultQuality,
                        FairUse fairUse, Map<String, Double> prices) {
        this.fairUse = fairUse;
        this.prices = Map.copyOf(prices);
        this.drawing = drawing;
        this.model = model == null ? "" : model.toLowerCase(Locale.ROOT);
        this.defaultSize = defaultSize;
        this.defaultQuality = defaultQuality == null || defaultQuality.isBlank() ? null : defaultQuality;
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.inTurn("image"));
    }

    /** Leading size and quality words, then the prompt. */
    public Request parse(String args) {
        String size = defaultSize;
        String quality = defaultQuality;
        String[] words = args.strip().split("\\s+");
        int i = 0;
        for (; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            if (SIZE.matcher(w).matches()) {
                size = w;
            } else if (w.equals("square") || w.equals("wide") || w.equals("tall")) {
                size = named(w);
            } else if (QUALITIES.contains(w)) {
                quality = w;
            } else {
                break;
            }
        }
        String prompt = String.join(" ", java.util.Arrays.copyOfRange(words, i, words.length)).strip();
        return new Request(prompt, size, quality);
    }

    private String named(String word) {
        boolean gptImage = model.startsWith("gpt-image");
        return switch (word) {
            case "wide" -> gptImage ? "1536x1024" : "1792x1024";
            case "tall" -> gptImage ? "1024x1536" : "1024x1792";
            default -> "1024x1024";
        };
    }

    @Override
    public void handle(CommandContext context) {
        if (drawing == null) {
            context.reply("image.off");
            return;
        }
        Request request = parse(context.command().args());
        if (request.prompt().isEmpty()) {
            context.reply("image.usage");
            return;
        }
        QuotaTurn quota = fairUse.begin(context.message().senderRef(), context.message().language());
        Optional<String> refusal = quota.reserveCharge("image:" + model, price(request), 1);
        if (refusal.isPresent()) {
            context.channel().send(refusal.get());
            return;
        }
        ImageGenerator.Drawing drawn;
        try (Typing sign = context.channel().drawing()) {
            drawn = drawing.generate(request.prompt(), request.size(), request.quality());
        } catch (LlmException e) {
            quota.settleCharge(false).join();
            log.info("Drawing refused or failed in chat {}: {}", context.message().chat().id(), e.getMessage());
            boolean policy = e instanceof LlmException.Rejected && e.getMessage() != null
                    && e.getMessage().contains("content_policy_violation");
            context.reply(policy ? "image.refused" : "image.failed", e.provider());
            return;
        } catch (RuntimeException e) {
            quota.settleCharge(false).join();
            throw e;
        }
        String caption = request.prompt().length() <= CAPTION ? request.prompt()
                : request.prompt().substring(0, CAPTION).strip() + "…";
        // settled once the picture is out: a drawing the user never got is not counted against them
        boolean sent;
        try {
            sent = context.channel().sendPicture(drawn.image(), caption);
        } catch (RuntimeException e) {
            quota.settleCharge(false).join();
            log.warn("A drawing could not be sent in chat {}: {}", context.message().chat().id(), e.getMessage());
            context.reply("image.send.failed");
            return;
        }
        if (!sent) {
            quota.settleCharge(false).join();
            context.reply("image.cannot.send");
            return;
        }
        quota.settleCharge(true).join().ifPresent(context.channel()::send);
    }

    /** The catalog's price of one picture of this size and quality; 0 when unknown. */
    double price(Request request) {
        String size = request.size() == null ? "" : request.size();
        if (request.quality() != null && prices.containsKey(size + "/" + request.quality())) {
            return prices.get(size + "/" + request.quality());
        }
        return prices.getOrDefault(size, 0.0);
    }
}
