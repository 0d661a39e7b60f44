package dev.chatbot.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Checks each provider's base URL once the app is up, so a wrong one shows in the log at start-up
 * with what to fix, not later as a puzzling answer: OPENAI_BASE_URL without its /v1 made every
 * answer fail. An OpenAI-compatible server gets a cheap GET {base}/models; Azure, Anthropic and
 * Gemini URLs are checked by their shape. It only warns, in the background: a provider that is
 * down at start-up may well be up later, and the bot should start either way.
 */
final class BaseUrlCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(BaseUrlCheck.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A provider as configured, and where: the setting an admin would change. */
    record Configured(ProviderSpec spec, boolean fromEnvironment) {

        String type() {
            return spec.type() == null ? "" : spec.type().strip().toLowerCase(Locale.ROOT);
        }

        String setting() {
            if (!fromEnvironment) {
                return "the base-url of provider '" + spec.name() + "' in BOT_CONFIG";
            }
            return switch (type()) {
                case "azure" -> "AZURE_OPENAI_ENDPOINT";
                case "anthropic" -> "ANTHROPIC_BASE_URL";
                case "gemini" -> "GEMINI_BASE_URL";
                default -> "OPENAI_BASE_URL";
            };
        }

        String base() {
            String url = spec.baseUrl().strip();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }

    private final List<Configured> providers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    BaseUrlCheck(List<Configured> providers) {
        this.providers = List.copyOf(providers);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread.ofVirtual().name("base-url-check").start(this::checkAll);
    }

    void checkAll() {
        try (http) {
            for (Configured p : providers) {
                if (p.spec().baseUrl() == null || p.spec().baseUrl().isBlank()) {
                    continue; // the vendor's own URL
                }
                try {
                    check(p);
                } catch (RuntimeException e) {
                    log.debug("Could not check the base URL of provider {}: {}", p.spec().name(), e.toString());
                }
            }
        }
    }

    private void check(Configured p) {
        if (p.type().equals("openai")) {
            if (!ProviderSetup.isOfficialOpenAi(p.base())) {
                probeOpenAiCompatible(p);
            }
            return;
        }
        shapeProblem(p.type(), p.base()).ifPresent(fix -> log.warn("Provider {}: {} is {}; {}. As it is, answers are "
                + "likely to fail with 'not set up correctly'.", p.spec().name(), p.setting(), p.base(), fix));
    }

    /** What is wrong with a base URL of Azure, Anthropic or Gemini, judged by its path alone. */
    static Optional<String> shapeProblem(String type, String base) {
        String path = URI.create(base).getPath();
        path = path == null ? "" : path.replaceAll("/+$", "");
        return switch (type) {
            case "anthropic" -> path.endsWith("/v1")
                    ? Optional.of("leave out the /v1 (the bot adds /v1/messages): " + base.replaceAll("/v1/*$", ""))
                    : Optional.empty();
            case "gemini" -> path.matches(".*/v1(beta|alpha)?$")
                    ? Optional.of("leave out the version (the bot adds it): " + base.replaceAll("/v1(beta|alpha)?/*$", ""))
                    : Optional.empty();
            case "azure" -> path.isEmpty() ? Optional.empty()
                    : Optional.of("it takes the resource endpoint only, like https://NAME.openai.azure.com (the bot adds "
                            + "/openai/deployments/...)");
            default -> Optional.empty();
        };
    }

    /** GET {base}/models: 2xx is fine; a 404 without /v1 where {base}/v1 answers says exactly what to fix. */
    private void probeOpenAiCompatible(Configured p) {
        String name = p.spec().name();
        String base = p.base();
        int status;
        try {
            status = get(p, base + "/models");
        } catch (IOException e) {
            log.warn("Provider {}: could not reach {} ({}). The bot starts anyway; users hear the provider is "
                    + "unavailable until it answers. If the address is wrong, fix {}.", name, base, reason(e), p.setting());
            return;
        }
        if (status / 100 == 2) {
            log.info("Provider {}: {} answers", name, base);
        } else if (status == 401 || status == 403) {
            log.warn("Provider {}: {} answered HTTP {} to GET /models: it refuses the API key. Check the key of "
                    + "provider {}.", name, base, status, name);
        } else if (status == 404 && !base.endsWith("/v1") && answersAt(p, base + "/v1/models")) {
            log.warn("Provider {}: {} is {}, which has no /models, but {}/v1 answers: set {} to {}/v1. As it is, "
                    + "every answer fails.", name, p.setting(), base, base, p.setting(), base);
        } else if (status == 404) {
            log.warn("Provider {}: GET {}/models answered HTTP 404. If answers fail with 'not set up correctly', "
                    + "fix {}: OpenAI-compatible servers usually want the URL with its /v1 (as in OpenAI's SDKs).",
                    name, base, p.setting());
        } else {
            log.info("Provider {}: GET {}/models answered HTTP {}", name, base, status);
        }
    }

    private boolean answersAt(Configured p, String url) {
        try {
            int status = get(p, url);
            return status / 100 == 2 || status == 401 || status == 403;
        } catch (IOException e) {
            return false;
        }
    }

    private int get(Configured p, String url) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        if (p.spec().apiKey() != null && !p.spec().apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + p.spec().apiKey().strip());
        }
        p.spec().headers().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
