package dev.chatbot.core.llm.openai;

import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.http.HttpErrorMapper;
import dev.chatbot.core.media.ImageGenerator;
import dev.chatbot.core.media.Transcriber;
import dev.chatbot.core.net.MultipartForm;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's audio transcription ({@code POST /audio/transcriptions}, multipart) and image generation
 * ({@code POST /images/generations}) on any OpenAI-compatible endpoint, Azure deployments included
 * ({@code /openai/deployments/<model>/...?api-version=}). One model each, chosen in config.
 */
public final class OpenAiMedia implements Transcriber, ImageGenerator {

    private final OpenAiCompatibleConfig config;
    private final String model;
    private final JsonMapper json;
    private final HttpClient http;
    private final Duration timeout;

    public OpenAiMedia(OpenAiCompatibleConfig config, String model, JsonMapper json, Duration timeout) {
        this.config = config;
        this.model = model;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    URI endpoint(String operation) {
        String base = config.baseUrl().toString();
        base = base.endsWith("/") ? base : base + "/";
        String url = config.deployments()
                ? base + "openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + "/" + operation
                : base + operation;
        if (!config.queryParams().isEmpty()) {
            url += "?" + config.queryParams().entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
        return URI.create(url);
    }

    @Override
    public String transcribe(byte[] audio, String fileName) {
        MultipartForm form = new MultipartForm();
        if (!config.deployments()) {
            form.field("model", model);
        }
        form.field("response_format", "json").file("file", fileName, "application/octet-stream", audio);
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(endpoint("audio/transcriptions")))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        return send(request).path("text").asString("").strip();
    }

    @Override
    public Drawing generate(String prompt, String size, String quality) {
        ObjectNode body = json.createObjectNode();
        if (!config.deployments()) {
            body.put("model", model);
        }
        body.put("prompt", prompt).put("n", 1);
        if (size != null) {
            body.put("size", size);
        }
        if (quality != null) {
            body.put("quality", quality);
        }
        if (model.toLowerCase(Locale.ROOT).startsWith("dall-e")) {
            body.put("response_format", "b64_json"); // gpt-image-1 always answers so, and refuses the field
        }
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(endpoint("images/generations")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        JsonNode first = send(request).path("data").path(0);
        String b64 = first.path("b64_json").asString(null);
        if (b64 == null) {
            throw new LlmException.Rejected(config.name(), "no b64_json in the image answer");
        }
        return new Drawing(Base64.getDecoder().decode(b64), first.path("revised_prompt").asString(null));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        builder.timeout(timeout);
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        config.headers().forEach(builder::header);
        return builder;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            throw new LlmException.Timeout(config.name(), "no answer within " + timeout);
        } catch (IOException e) {
            throw new LlmException.Unavailable(config.name(), e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException.Interrupted(config.name(), "interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw HttpErrorMapper.map(config.name(), response.statusCode(), response.headers()::firstValue, response.body());
        }
        return json.readTree(response.body());
    }
}
