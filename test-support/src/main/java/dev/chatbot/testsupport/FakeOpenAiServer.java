package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat-completions endpoint on loopback that streams SSE chunks byte-for-byte in the
 * shape OpenAI sends them (role chunk, content chunks, finish chunk, usage chunk, [DONE]).
 * Answers follow queued {@link Script}s or {@link Replay}s, else the default responder.
 * It also serves Azure's deployment URLs ({@link #azureEndpoint()}), and can speak like Azure
 * ({@link #azureStyle}) or like OpenRouter and DeepSeek with keep-alive comments ({@link #keepAlive}).
 */
public final class FakeOpenAiServer extends FakeLlmServer {

    /** One answer. */
    public record Script(int status, Map<String, String> headers, String errorBody, List<String> tokens,
                         Duration tokenDelay, int promptTokens, int completionTokens, int cutAfter,
                         boolean sendUsage) {

        /** Streams the tokens with a pause between them and reports usage. */
        public static Script tokens(Duration delay, String... tokens) {
            return new Script(200, Map.of(), null, List.of(tokens), delay, 10 + tokens.length, tokens.length, -1, true);
        }

        /** Streams {@code text} word by word (spaces kept on the following word). */
        public static Script text(String text, Duration delay) {
            return tokens(delay, words(text));
        }

        public static Script error(int status, String body, Map<String, String> headers) {
            return new Script(status, headers, body, List.of(), Duration.ZERO, 0, 0, -1, false);
        }

        public Script withUsage(int prompt, int completion) {
            return new Script(status, headers, errorBody, tokens, tokenDelay, prompt, completion, cutAfter, true);
        }

        public Script withoutUsage() {
            return new Script(status, headers, errorBody, tokens, tokenDelay, promptTokens, completionTokens, cutAfter, false);
        }

        /** Drops the connection after {@code n} tokens, with no finish chunk. */
        public Script cutAfter(int n) {
            return new Script(status, headers, errorBody, tokens, tokenDelay, promptTokens, completionTokens, n, sendUsage);
        }

        public String fullText() {
            return String.join("", tokens);
        }
    }

    private static final String DEPLOYMENTS = "/openai/deployments/";

    private final AtomicInteger ids = new AtomicInteger();
    private volatile String keepAlive;
    private volatile boolean azureStyle;

    /** Base URL with its /v1, as OpenAI's SDKs take it. */
    public String baseUrl() {
        return root() + "/v1";
    }

    /** Azure's resource endpoint (AZURE_OPENAI_ENDPOINT): deployments live under /openai/deployments/. */
    public String azureEndpoint() {
        return root();
    }

    /**
     * Writes an SSE comment before every chunk, as OpenRouter (": OPENROUTER PROCESSING") and
     * DeepSeek (": keep-alive") do while a request waits; null turns it off.
     */
    public void keepAlive(String comment) {
        this.keepAlive = comment;
    }

    /**
     * Streams as Azure does: a first chunk with no choices but prompt_filter_results, and
     * content_filter_results inside every choice.
     */
    public void azureStyle(boolean on) {
        this.azureStyle = on;
    }

    /** Azure wants its api-key header and an api-version, and OpenAI knows only its own URLs. */
    @Override
    protected Replay rejectBeforeBody(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(DEPLOYMENTS)) {
            String query = exchange.getRequestURI().getQuery();
            if (exchange.getRequestHeaders().getFirst("api-key") == null) {
                return Replay.error(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or "
                        + "wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct "
                        + "regional API endpoint for your resource.\"}}", Map.of());
            }
            if (query == null || !query.contains("api-version=")) {
                return Replay.error(404, "{\"error\":{\"code\":\"404\",\"message\": \"Resource not found\"}}", Map.of());
            }
        }
        if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/models")) {
            return listModels(exchange);
        }
        if (exchange.getRequestMethod().equals("POST") && (path.equals("/v1/audio/transcriptions")
                || path.startsWith(DEPLOYMENTS) && path.endsWith("/audio/transcriptions"))) {
            return transcription(exchange);
        }
        if (exchange.getRequestMethod().equals("POST") && (path.equals("/v1/images/generations")
                || path.startsWith(DEPLOYMENTS) && path.endsWith("/images/generations"))) {
            return imageGeneration(exchange);
        }
        boolean chat = path.equals("/v1/chat/completions") || path.startsWith(DEPLOYMENTS) && path.endsWith("/chat/completions");
        if (!exchange.getRequestMethod().equals("POST") || !chat) {
            // OpenAI's own answer to a path it does not have, e.g. a base URL without its /v1
            return Replay.error(404, "{\n    \"error\": {\n        \"message\": \"Invalid URL (" + exchange.getRequestMethod() + " "
                    + path + ")\",\n        \"type\": \"invalid_request_error\",\n        \"param\": null,\n"
                    + "        \"code\": null\n    }\n}\n", Map.of());
        }
        return null;
    }

    // ---- audio and images --------------------------------------------------------------------

    /**
     * A recording sent to /audio/transcriptions, read from its multipart body.
     *
     * @param model    the form's model field; null on Azure, where the deployment names it
     * @param fileName the file part's filename, whose extension names the format
     */
    public record Transcription(String path, String model, String fileName, byte[] audio) {
    }

    /** A request to /images/generations: its JSON body and path, and the picture drawn (null when refused). */
    public record ImageRequest(String path, JsonNode body, byte[] drawn) {
    }

    /** What the fake draws for a prompt at the asked width and height. */
    public interface Painter {
        byte[] paint(String prompt, int width, int height);
    }

    private final List<Transcription> transcriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ImageRequest> imageRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Function<Transcription, String> transcriber = t -> "what the recording says";
    /**
     * By default a small picture of the asked proportions, coloured by the prompt: the bot passes the bytes on,
     * it does not look at them, and a test tells the drawings apart.
     */
    private volatile Painter painter = (prompt, w, h) -> TestPictures.drawing(prompt, w / 16, h / 16);
    private volatile java.util.function.Function<String, java.time.Duration> drawingTime = prompt -> java.time.Duration.ZERO;

    private static final List<String> AUDIO_FORMATS =
            List.of("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm");

    public List<Transcription> transcriptions() {
        return java.util.Collections.unmodifiableList(transcriptions);
    }

    public List<ImageRequest> imageRequests() {
        return java.util.Collections.unmodifiableList(imageRequests);
    }

    /** What the fake draws from now on, e.g. a picture too big for a platform's upload. */
    public void paintWith(Painter painter) {
        this.painter = painter;
    }

    /** How long the drawing of each prompt takes from now on, as a real model's take seconds. */
    public void drawFor(java.util.function.Function<String, java.time.Duration> time) {
        this.drawingTime = time;
    }

    /** What the fake hears in each recording. */
    public void transcribeWith(java.util.function.Function<Transcription, String> transcriber) {
        this.transcriber = transcriber;
    }

    /** POST /audio/transcriptions: multipart with file and model, answered {"text": ...} as OpenAI does. */
    private Replay transcription(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        java.util.regex.Matcher b = type == null ? null : java.util.regex.Pattern.compile("boundary=(\\S+)").matcher(type);
        if (b == null || !type.startsWith("multipart/form-data") || !b.find()) {
            return invalid("Could not parse multipart form", "invalid_request_error", null);
        }
        Map<String, byte[]> parts = new java.util.HashMap<>();
        Map<String, String> fileNames = new java.util.HashMap<>();
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Multipart.parse(body, b.group(1), parts, fileNames);
        } catch (IOException | RuntimeException e) {
            return invalid("Could not parse multipart form", "invalid_request_error", null);
        }
        String path = exchange.getRequestURI().getPath();
        boolean azure = path.startsWith(DEPLOYMENTS);
        String model = parts.containsKey("model") ? new String(parts.get("model"), java.nio.charset.StandardCharsets.UTF_8) : null;
        if (!azure && model == null) {
            return invalid("you must provide a model parameter", "invalid_request_error", null);
        }
        if (!parts.containsKey("file")) {
            return invalid("[{'type': 'missing', 'loc': ('body', 'file'), 'msg': 'Field required', 'input': None}]",
                    "invalid_request_error", null);
        }
        String fileName = fileNames.getOrDefault("file", "");
        String extension = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "";
        if (!AUDIO_FORMATS.contains(extension)) {
            return invalid("Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', "
                    + "'ogg', 'wav', 'webm']", "invalid_request_error", null);
        }
        Transcription t = new Transcription(exchange.getRequestURI().toString(), model, fileName, parts.get("file"));
        transcriptions.add(t);
        return Replay.error(200, "{\"text\":" + quote(transcriber.apply(t)) + "}", Map.of("Content-Type", "application/json"));
    }

    /**
     * POST /images/generations: a PNG as b64_json, with revised_prompt for dall-e-3 as OpenAI sends it; a prompt
     * with "forbidden" in it gets the safety system's refusal.
     */
    private Replay imageGeneration(HttpExchange exchange) {
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException | RuntimeException e) {
            return invalid("We could not parse the JSON body of your request.", "invalid_request_error", null);
        }
        String path = exchange.getRequestURI().getPath();
        String model = path.startsWith(DEPLOYMENTS) ? "deployment" : body.path("model").asString("dall-e-2");
        String prompt = body.path("prompt").asString("");
        if (prompt.isBlank()) {
            return invalid("Missing required parameter: 'prompt'.", "invalid_request_error", "missing_required_parameter");
        }
        if (model.startsWith("gpt-image") && body.has("response_format")) {
            return invalid("Unknown parameter: 'response_format'.", "invalid_request_error", "unknown_parameter");
        }
        String size = body.path("size").asString("1024x1024");
        java.util.regex.Matcher wh = java.util.regex.Pattern.compile("(\\d+)x(\\d+)").matcher(size);
        if (!wh.matches()) {
            return invalid("Invalid value: '" + size + "'. Supported values are: '1024x1024', '1024x1792', and '1792x1024'.",
                    "invalid_request_error", "invalid_value");
        }
        if (prompt.contains("forbidden")) {
            imageRequests.add(new ImageRequest(exchange.getRequestURI().toString(), body, null));
            return Replay.error(400, "{\n  \"error\": {\n    \"code\": \"content_policy_violation\",\n    \"message\": "
                    + "\"Your request was rejected as a result of our safety system. Your prompt may contain text that is not "
                    + "allowed by our safety system.\",\n    \"param\": null,\n    \"type\": \"invalid_request_error\"\n  }\n}\n", Map.of());
        }
        byte[] drawn = painter.paint(prompt, Integer.parseInt(wh.group(1)), Integer.parseInt(wh.group(2)));
        imageRequests.add(new ImageRequest(exchange.getRequestURI().toString(), body, drawn));
        try {
            Thread.sleep(drawingTime.apply(prompt)); // the model's own time, on the server's side: the bot waits for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String b64 = java.util.Base64.getEncoder().encodeToString(drawn);
        String revised = model.startsWith("dall-e-3") ? ",\"revised_prompt\":" + quote("A detailed picture: " + prompt) : "";
        return Replay.error(200, "{\"created\":1735689600,\"data\":[{\"b64_json\":\"" + b64 + "\"" + revised + "}]}",
                Map.of("Content-Type", "application/json"));
    }

    /** GET /v1/models, as OpenAI answers it: the model list, or 401 without a key. */
    private static Replay listModels(HttpExchange exchange) {
        if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
            return Replay.error(401, "{\"error\":{\"message\":\"You didn't provide an API key.\",\"type\":\"invalid_request_error\","
                    + "\"param\":null,\"code\":null}}", Map.of());
        }
        return Replay.error(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\","
                + "\"created\":1721172741,\"owned_by\":\"system\"}]}", Map.of());
    }

    /** Content parts as the chat API checks them: known types, images as data URLs it can decode. */
    @Override
    protected Replay reject(HttpExchange exchange, JsonNode body) {
        for (JsonNode m : body.path("messages")) {
            JsonNode content = m.path("content");
            if (!content.isArray()) {
                continue;
            }
            for (JsonNode part : content) {
                String type = part.path("type").asString("");
                if (type.equals("image_url")) {
                    if (!m.path("role").asString().equals("user")) {
                        return invalid("Image URLs are only allowed for messages with role 'user', but this message with role '"
                                + m.path("role").asString() + "' contains an image URL.", "invalid_request_error", null);
                    }
                    if (dataUrl(part.path("image_url").path("url").asString("")) == null) {
                        return invalid("You uploaded an unsupported image. Please make sure your image is below 20 MB in size and "
                                + "is of one the following formats: ['png', 'jpeg', 'gif', 'webp'].", "invalid_request_error",
                                "invalid_image_format");
                    }
                } else if (!type.equals("text")) {
                    return invalid("Invalid value: '" + type + "'. Supported values are: 'text', 'image_url', 'input_audio', "
                            + "'refusal', 'audio', and 'file'.", "invalid_request_error", "invalid_value");
                }
            }
        }
        return rejectToolMessages(body);
    }

    /**
     * As OpenAI answers tool messages that do not fit the tool calls: every "tool" message must name a
     * call of the assistant message before it, and every call must be answered before the conversation goes on.
     */
    private Replay rejectToolMessages(JsonNode body) {
        java.util.Set<String> open = new java.util.HashSet<>();
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asString("").equals("tool")) {
                if (!open.remove(m.path("tool_call_id").asString(""))) {
                    return invalid("Invalid parameter: messages with role 'tool' must be a response to a preceeding message "
                            + "with 'tool_calls'.", "invalid_request_error", null);
                }
                continue;
            }
            if (!open.isEmpty()) {
                return invalid("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                        + "'tool_call_id'. The following tool_call_ids did not have response messages: " + open,
                        "invalid_request_error", null);
            }
            m.path("tool_calls").forEach(call -> open.add(call.path("id").asString("")));
        }
        for (JsonNode tool : body.path("tools")) {
            if (!tool.path("function").path("parameters").isObject()) {
                return invalid("Invalid schema for function: parameters must be an object", "invalid_request_error", null);
            }
        }
        return null;
    }

    private Replay invalid(String message, String type, String code) {
        return Replay.error(400, "{\n  \"error\": {\n    \"message\": " + quote(message) + ",\n    \"type\": \"" + type
                + "\",\n    \"param\": null,\n    \"code\": " + (code == null ? "null" : "\"" + code + "\"") + "\n  }\n}\n", Map.of());
    }

    /** A base64 data URL of a picture as media type and bytes, or null. */
    private static ReceivedRequest.Image dataUrl(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data:(image/(?:png|jpeg|gif|webp));base64,(.+)").matcher(url);
        if (!m.matches()) {
            return null;
        }
        try {
            return new ReceivedRequest.Image(-1, m.group(1), java.util.Base64.getDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The model is the deployment's name on Azure's URLs, else the body's. */
    @Override
    protected ReceivedRequest received(HttpExchange exchange, JsonNode body) {
        String path = exchange.getRequestURI().getPath();
        String model = path.startsWith(DEPLOYMENTS)
                ? path.substring(DEPLOYMENTS.length(), path.indexOf('/', DEPLOYMENTS.length()))
                : body.path("model").asString();
        List<String> messages = new ArrayList<>();
        List<ReceivedRequest.Image> images = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            JsonNode content = m.path("content");
            if (!content.isArray()) {
                messages.add(m.path("role").asString() + ": " + content.asString());
                continue;
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode part : content) {
                if (part.path("type").asString("").equals("text")) {
                    texts.add(part.path("text").asString(""));
                } else {
                    ReceivedRequest.Image image = dataUrl(part.path("image_url").path("url").asString(""));
                    images.add(new ReceivedRequest.Image(messages.size(), image.mediaType(), image.bytes()));
                }
            }
            messages.add(m.path("role").asString() + ": " + String.join("\n\n", texts));
        }
        return new ReceivedRequest(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body,
                model, List.copyOf(messages), images);
    }

    @Override
    protected void stream(OutputStream out, ReceivedRequest request, Script script) throws IOException {
        boolean includeUsage = request.body().path("stream_options").path("include_usage").asBoolean(false);
        String model = request.model();
        String id = "chatcmpl-fake" + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        if (azureStyle) {
            event(out, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                    + "[{\"prompt_index\":0,\"content_filter_results\":" + SAFE + "}]}");
        }
        event(out, chunk(id, created, model, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
        int sent = 0;
        for (String token : script.tokens()) {
            if (script.cutAfter() >= 0 && sent >= script.cutAfter()) {
                return;
            }
            sleep(script.tokenDelay());
            ObjectNode delta = json.createObjectNode().put("content", token);
            event(out, chunk(id, created, model, json.writeValueAsString(delta), null));
            sent++;
        }
        if (script.cutAfter() >= 0) {
            return;
        }
        event(out, chunk(id, created, model, "{}", "\"stop\""));
        if (includeUsage && script.sendUsage()) {
            event(out, "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                    + ",\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                    + script.promptTokens() + ",\"completion_tokens\":" + script.completionTokens()
                    + ",\"total_tokens\":" + (script.promptTokens() + script.completionTokens()) + "}}");
        }
        event(out, "[DONE]");
    }

    private static final String SAFE = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,"
            + "\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,"
            + "\"severity\":\"safe\"}}";

    private String chunk(String id, long created, String model, String delta, String finish) {
        String filter = azureStyle ? "\"content_filter_results\":" + (delta.contains("content") && !delta.contains("\"content\":\"\"")
                ? SAFE : "{}") + "," : "";
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"model\":\""
                + model + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{" + filter + "\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : finish) + "}]}";
    }

    /** One SSE data event, after the keep-alive comment when one is set. */
    private void event(OutputStream out, String data) throws IOException {
        String comment = keepAlive;
        write(out, (comment == null ? "" : ": " + comment + "\n\n") + "data: " + data + "\n\n");
    }

    static String[] words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        out.add(text.substring(start));
        return out.toArray(String[]::new);
    }

    /** A call the fake model makes: its arguments are streamed in pieces of {@code pieceLength} characters. */
    public record ToolCallScript(String id, String name, String arguments) {
    }

    /**
     * A stream in which the model calls tools instead of answering, as OpenAI sends it (see the
     * recorded llm-streams/openai/f82268f2fefd.sse): per call a first delta with index, id, name and
     * empty arguments, then the arguments a few characters at a time; several calls are parallel
     * calls; finish_reason "tool_calls", then the usage chunk and [DONE].
     */
    public Replay toolCalls(int promptTokens, int completionTokens, ToolCallScript... calls) {
        String id = "chatcmpl-fake" + ids.incrementAndGet();
        StringBuilder wire = new StringBuilder();
        wire.append(sse(chunk(id, 0, "gpt-4o-mini", "{\"role\":\"assistant\",\"content\":null}", null)));
        for (int i = 0; i < calls.length; i++) {
            ToolCallScript c = calls[i];
            wire.append(sse(chunk(id, 0, "gpt-4o-mini", "{\"tool_calls\":[{\"index\":" + i + ",\"id\":" + quote(c.id())
                    + ",\"type\":\"function\",\"function\":{\"name\":" + quote(c.name()) + ",\"arguments\":\"\"}}]}", null)));
            for (int at = 0; at < c.arguments().length(); at += 4) {
                String piece = c.arguments().substring(at, Math.min(c.arguments().length(), at + 4));
                wire.append(sse(chunk(id, 0, "gpt-4o-mini", "{\"tool_calls\":[{\"index\":" + i
                        + ",\"function\":{\"arguments\":" + quote(piece) + "}}]}", null)));
            }
        }
        wire.append(sse(chunk(id, 0, "gpt-4o-mini", "{}", "\"tool_calls\"")));
        wire.append(sse("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}"));
        wire.append(sse("[DONE]"));
        return Replay.stream(wire.toString());
    }

    private static String sse(String data) {
        return "data: " + data + "\n\n";
    }

    @Override
    public String toString() {
        return "FakeOpenAiServer[" + baseUrl() + "]";
    }
}
