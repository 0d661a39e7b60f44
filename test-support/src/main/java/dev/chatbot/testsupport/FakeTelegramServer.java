package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Telegram Bot API on loopback: long-polled getUpdates, sendMessage, editMessageText with the
 * real "message is not modified" and length errors, drafts, chat actions and commands. It keeps
 * every call and the current text of every message the bot sent.
 */
public final class FakeTelegramServer implements AutoCloseable {

    public static final long BOT_ID = 7_000_000_001L;
    public static final String BOT_USERNAME = "test_chat_bot";
    public static final int MAX_TEXT = 4096;

    /** One Bot API call as received. */
    public record Call(String method, JsonNode body, long atNanos) {

        public long chatId() {
            return Long.parseLong(body.path("chat_id").asString());
        }

        public String text() {
            return body.path("text").asString(null);
        }
    }

    /** A message the bot sent, with its text as it stands now. */
    public record SentMessage(long chatId, int messageId, String text, int edits, JsonNode entities,
                              Integer replyTo) {
    }

    private record Failure(String method, int status, String body, AtomicInteger remaining) {
    }

    private final HttpServer server;
    private final String token;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final Map<Long, ObjectNode> chats = new ConcurrentHashMap<>();
    private final Map<String, SentMessage> messages = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> keyboards = new ConcurrentHashMap<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextMessageId = new AtomicInteger(1000);
    private final AtomicLong nextUpdateId = new AtomicLong(1);
    private final Map<Long, AtomicInteger> served = new ConcurrentHashMap<>();
    private volatile long confirmedOffset;
    /** As on Telegram, allowed_updates holds until a later getUpdates names another list. */
    private volatile List<String> allowedUpdates = List.of();
    private final Set<String> openCallbackQueries = ConcurrentHashMap.newKeySet();

    public FakeTelegramServer(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Scheme, host and port, as BOT_TELEGRAM_API_URL takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- what tests send -------------------------------------------------------------------

    /** A private text message from a user; returns the update id. */
    public long privateText(long userId, String firstName, String languageCode, String text) {
        ObjectNode from = user(userId, firstName, languageCode);
        ObjectNode chat = json.createObjectNode().put("id", userId).put("type", "private").put("first_name", firstName);
        return push(message(chat, from, text));
    }

    /**
     * The JSON of a private text update, as Telegram would POST it to a webhook; it is not queued
     * for getUpdates.
     */
    public String privateTextUpdateJson(long userId, String firstName, String languageCode, String text) {
        ObjectNode from = user(userId, firstName, languageCode);
        ObjectNode chat = json.createObjectNode().put("id", userId).put("type", "private").put("first_name", firstName);
        ObjectNode message = message(chat, from, text);
        chats.put(userId, chat);
        ObjectNode update = json.createObjectNode().put("update_id", nextUpdateId.getAndIncrement());
        update.set("message", message);
        return json.writeValueAsString(update);
    }

    /** A group message; mentions of the bot get their entity, as Telegram would send it. */
    public long groupText(long chatId, long userId, String firstName, String text) {
        return push(groupMessage(chatId, userId, firstName, text));
    }

    /** A group message that replies to one of the bot's messages. */
    public long groupReplyToBot(long chatId, long userId, String firstName, int botMessageId, String text) {
        ObjectNode m = groupMessage(chatId, userId, firstName, text);
        SentMessage original = messages.get(chatId + "/" + botMessageId);
        ObjectNode reply = message(groupChat(chatId), botUser(), original == null ? "..." : original.text());
        reply.put("message_id", botMessageId);
        m.set("reply_to_message", reply);
        return push(m);
    }

    /**
     * A group message that replies to another user's message, with that message and its author
     * in reply_to_message, as Telegram sends it.
     */
    public long groupReplyToUser(long chatId, long userId, String firstName, long repliedUserId,
                                 String repliedFirstName, String text) {
        ObjectNode m = groupMessage(chatId, userId, firstName, text);
        m.set("reply_to_message", groupMessage(chatId, repliedUserId, repliedFirstName, "an earlier message"));
        return push(m);
    }

    /** A private sticker, which the bot cannot read. */
    public long privateSticker(long userId, String firstName, String languageCode) {
        ObjectNode from = user(userId, firstName, languageCode);
        ObjectNode chat = json.createObjectNode().put("id", userId).put("type", "private").put("first_name", firstName);
        ObjectNode m = message(chat, from, null);
        m.remove("text");
        m.putObject("sticker").put("file_id", "CAACAgIAAxk").put("file_unique_id", "AgAD").put("type", "regular")
                .put("width", 512).put("height", 512).put("is_animated", false).put("is_video", false).put("emoji", "😀");
        return push(m);
    }

    // ---- pictures and files ---------------------------------------------------------------------

    /** Files users sent, by file_id, as getFile and the file URL serve them. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> filePaths = new ConcurrentHashMap<>();
    private final AtomicInteger nextFile = new AtomicInteger();
    private final AtomicInteger nextAlbum = new AtomicInteger(13_000_000);
    /** Telegram's cap on what bots may download through getFile. */
    public static final long MAX_DOWNLOAD = 20L * 1024 * 1024;

    /** Registers a file as Telegram stores what users send; returns its file_id. */
    public String storeFile(String folder, String extension, byte[] bytes) {
        int n = nextFile.incrementAndGet();
        String id = "AgACAgIAAxkBAAI" + n + "file";
        files.put(id, bytes);
        filePaths.put(id, folder + "/file_" + n + "." + extension);
        return id;
    }

    /** A private photo with an optional caption, in Telegram's shape: several sizes, the original the largest. */
    public long privatePhoto(long userId, String firstName, String languageCode, String caption, byte[] image,
                             int width, int height) {
        return push(photoMessage(privateChat(userId, firstName), user(userId, firstName, languageCode), caption, image,
                width, height));
    }

    /** A group photo; a caption mentioning the bot gets its caption entity. */
    public long groupPhoto(long chatId, long userId, String firstName, String caption, byte[] image, int width, int height) {
        return push(photoMessage(groupChat(chatId), user(userId, firstName, "en"), caption, image, width, height));
    }

    /**
     * Several photos sent as one album: one message each, sharing a media_group_id, the caption on the
     * first, as Telegram delivers them. Returns the album's id.
     */
    public String privateAlbum(long userId, String firstName, String languageCode, String caption, List<byte[]> images,
                               int width, int height) {
        String album = Integer.toString(nextAlbum.incrementAndGet());
        for (int i = 0; i < images.size(); i++) {
            ObjectNode m = photoMessage(privateChat(userId, firstName), user(userId, firstName, languageCode),
                    i == 0 ? caption : null, images.get(i), width, height);
            m.put("media_group_id", album);
            push(m);
        }
        return album;
    }

    /** An image sent as a file (uncompressed), with its MIME type as the client declared it. */
    public long privateImageFile(long userId, String firstName, String languageCode, String caption, byte[] bytes,
                                 String mimeType, String fileName) {
        ObjectNode m = message(privateChat(userId, firstName), user(userId, firstName, languageCode), null);
        m.remove("text");
        String id = storeFile("documents", fileName.substring(fileName.lastIndexOf('.') + 1), bytes);
        m.putObject("document").put("file_id", id).put("file_unique_id", "u" + id).put("file_name", fileName)
                .put("mime_type", mimeType).put("file_size", bytes.length);
        if (caption != null) {
            m.put("caption", caption);
        }
        return push(m);
    }

    /** A private voice message (OGG/Opus, as Telegram's clients record them) of {@code seconds}. */
    public long privateVoice(long userId, String firstName, String languageCode, byte[] ogg, int seconds) {
        ObjectNode m = message(privateChat(userId, firstName), user(userId, firstName, languageCode), null);
        m.remove("text");
        String id = storeFile("voice", "oga", ogg);
        m.putObject("voice").put("file_id", id).put("file_unique_id", "u" + id).put("duration", seconds)
                .put("mime_type", "audio/ogg").put("file_size", ogg.length);
        return push(m);
    }

    /** An animated sticker (Lottie .tgs), which no model reads. */
    public long privateAnimatedSticker(long userId, String firstName, String languageCode) {
        ObjectNode m = message(privateChat(userId, firstName), user(userId, firstName, languageCode), null);
        m.remove("text");
        String id = storeFile("stickers", "tgs", new byte[] {0x1f, (byte) 0x8b, 8, 0});
        m.putObject("sticker").put("file_id", id).put("file_unique_id", "u" + id).put("type", "regular")
                .put("width", 512).put("height", 512).put("is_animated", true).put("is_video", false).put("emoji", "😀")
                .put("file_size", 4);
        return push(m);
    }

    private ObjectNode privateChat(long userId, String firstName) {
        return json.createObjectNode().put("id", userId).put("type", "private").put("first_name", firstName);
    }

    private ObjectNode photoMessage(ObjectNode chat, ObjectNode from, String caption, byte[] image, int width, int height) {
        ObjectNode m = message(chat, from, null);
        m.remove("text");
        String thumb = storeFile("photos", "jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
        String full = storeFile("photos", "jpg", image);
        ArrayNode sizes = m.putArray("photo");
        double f = 90.0 / Math.max(width, height);
        sizes.addObject().put("file_id", thumb).put("file_unique_id", "u" + thumb).put("file_size", 4)
                .put("width", (int) Math.max(1, width * f)).put("height", (int) Math.max(1, height * f));
        sizes.addObject().put("file_id", full).put("file_unique_id", "u" + full).put("file_size", image.length)
                .put("width", width).put("height", height);
        if (caption != null) {
            m.put("caption", caption);
            ArrayNode entities = entities(caption);
            if (!entities.isEmpty()) {
                m.set("caption_entities", entities);
            }
        }
        return m;
    }

    private void getFile(HttpExchange exchange, JsonNode body) throws IOException {
        String id = body.path("file_id").asString("");
        byte[] bytes = files.get(id);
        if (bytes == null) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: invalid file_id\"}");
            return;
        }
        if (bytes.length > MAX_DOWNLOAD) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: file is too big\"}");
            return;
        }
        ok(exchange, json.createObjectNode().put("file_id", id).put("file_unique_id", "u" + id)
                .put("file_size", bytes.length).put("file_path", filePaths.get(id)));
    }

    /** A photo the bot sent with sendPhoto (multipart, as for any upload). */
    public record SentPhoto(long chatId, int messageId, String caption, byte[] bytes, Integer replyTo) {
    }

    private final List<SentPhoto> sentPhotos = new CopyOnWriteArrayList<>();

    public List<SentPhoto> sentPhotos(long chatId) {
        return sentPhotos.stream().filter(p -> p.chatId() == chatId).toList();
    }

    /** The text fields of a multipart body as JSON (as Telegram reads them); the file parts into {@code files}. */
    private JsonNode multipart(byte[] raw, String type, Map<String, byte[]> files) {
        java.util.regex.Matcher b = java.util.regex.Pattern.compile("boundary=(\\S+)").matcher(type);
        ObjectNode fields = json.createObjectNode();
        if (!b.find()) {
            return fields;
        }
        Map<String, byte[]> parts = new java.util.HashMap<>();
        Map<String, String> names = new java.util.HashMap<>();
        Multipart.parse(raw, b.group(1).replace("\"", ""), parts, names);
        parts.forEach((name, bytes) -> {
            if (names.containsKey(name)) {
                files.put(name, bytes);
            } else {
                fields.put(name, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return fields;
    }

    /** A file field: the part of that name, or the part that "attach://&lt;name&gt;" names, as Telegram reads them. */
    private static byte[] upload(JsonNode body, Map<String, byte[]> files, String field) {
        if (files.containsKey(field)) {
            return files.get(field);
        }
        String value = body.path(field).asString("");
        return value.startsWith("attach://") ? files.get(value.substring("attach://".length())) : null;
    }

    private void sendPhoto(HttpExchange exchange, JsonNode body, byte[] photo) throws IOException {
        long chatId = body.path("chat_id").asLong();
        if (photo == null || photo.length == 0) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: there is no photo in the request\"}");
            return;
        }
        if (!chats.containsKey(chatId)) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
            return;
        }
        int id = nextMessageId.incrementAndGet();
        Integer replyTo = body.has("reply_to_message_id") ? body.path("reply_to_message_id").asInt() : null;
        sentPhotos.add(new SentPhoto(chatId, id, body.path("caption").asString(null), photo, replyTo));
        ObjectNode m = json.createObjectNode().put("message_id", id).put("date", System.currentTimeMillis() / 1000);
        m.set("from", botUser());
        m.set("chat", chats.get(chatId));
        m.putArray("photo").addObject().put("file_id", "sent" + id).put("file_unique_id", "usent" + id)
                .put("width", 1024).put("height", 1024).put("file_size", photo.length);
        if (body.has("caption")) {
            m.put("caption", body.path("caption").asString());
        }
        ok(exchange, m);
    }

    /** GET /file/bot&lt;token&gt;/&lt;file_path&gt;: the bytes, as Telegram's file host serves them. */
    private void serveFile(HttpExchange exchange, String filePath) throws IOException {
        calls.add(new Call("file", json.createObjectNode().put("file_path", filePath), System.nanoTime()));
        for (var e : filePaths.entrySet()) {
            if (e.getValue().equals(filePath)) {
                byte[] bytes = files.get(e.getKey());
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
        }
        respond(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
    }

    /**
     * Queues an update exactly as written, for getUpdates to serve: one a client library may not
     * be able to read (an id beyond an int, a field of the wrong type). Without an update_id it
     * gets the next one; with one, later updates get higher ids, as Telegram's only grow. Returns
     * the update id.
     */
    public long rawUpdate(String updateJson) {
        ObjectNode update = (ObjectNode) json.readTree(updateJson);
        synchronized (updates) {
            if (!update.has("update_id")) {
                update.put("update_id", nextUpdateId.getAndIncrement());
            }
            long id = update.path("update_id").asLong();
            nextUpdateId.accumulateAndGet(id + 1, Math::max);
            updates.add(update);
            updates.notifyAll();
            return id;
        }
    }

    private ObjectNode groupMessage(long chatId, long userId, String firstName, String text) {
        return message(groupChat(chatId), user(userId, firstName, "en"), text);
    }

    private ObjectNode groupChat(long chatId) {
        return json.createObjectNode().put("id", chatId).put("type", "supergroup").put("title", "Friends");
    }

    private ObjectNode user(long id, String firstName, String languageCode) {
        ObjectNode u = json.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName)
                .put("username", firstName.toLowerCase(Locale.ROOT));
        if (languageCode != null) {
            u.put("language_code", languageCode);
        }
        return u;
    }

    private ObjectNode botUser() {
        return json.createObjectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Test Bot")
                .put("username", BOT_USERNAME);
    }

    private ObjectNode message(ObjectNode chat, ObjectNode from, String text) {
        ObjectNode m = json.createObjectNode();
        m.put("message_id", nextMessageId.incrementAndGet());
        m.set("from", from);
        m.set("chat", chat);
        m.put("date", System.currentTimeMillis() / 1000);
        if (text != null) {
            m.put("text", text);
            ArrayNode entities = entities(text);
            if (!entities.isEmpty()) {
                m.set("entities", entities);
            }
        }
        return m;
    }

    private ArrayNode entities(String text) {
        ArrayNode entities = json.createArrayNode();
        if (text.startsWith("/")) {
            int end = text.indexOf(' ');
            entities.addObject().put("type", "bot_command").put("offset", 0).put("length", end < 0 ? text.length() : end);
        }
        String mention = "@" + BOT_USERNAME;
        int at = text.indexOf(mention);
        if (at >= 0) {
            entities.addObject().put("type", "mention").put("offset", at).put("length", mention.length());
        }
        return entities;
    }

    /**
     * A user presses a button under one of the bot's messages: a callback_query update carrying
     * the button's callback data, as Telegram sends it. Fails if the message has no such button.
     */
    public long pressButton(long chatId, int botMessageId, long userId, String firstName, String languageCode,
                            String label) {
        for (JsonNode row : replyMarkup(chatId, botMessageId).path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (button.path("text").asString().equals(label)) {
                    return callbackQuery(chatId, botMessageId, userId, firstName, languageCode,
                            button.path("callback_data").asString());
                }
            }
        }
        throw new AssertionError("No button '" + label + "' under message " + botMessageId + " in " + chatId
                + ": " + replyMarkup(chatId, botMessageId));
    }

    /** A callback_query update with any data, as a modified client could send it. */
    public long callbackQuery(long chatId, int botMessageId, long userId, String firstName, String languageCode,
                              String data) {
        SentMessage sent = messages.get(chatId + "/" + botMessageId);
        ObjectNode carrier = sentMessageJson(chatId, botMessageId, sent == null ? "..." : sent.text(),
                sent == null ? null : sent.entities());
        JsonNode keyboard = keyboards.get(chatId + "/" + botMessageId);
        if (keyboard != null) {
            carrier.set("reply_markup", keyboard);
        }
        String queryId = Long.toString(nextUpdateId.get() * 7919);
        openCallbackQueries.add(queryId);
        ObjectNode query = json.createObjectNode().put("id", queryId);
        query.set("from", user(userId, firstName, languageCode));
        query.set("message", carrier);
        query.put("chat_instance", Long.toString(-chatId * 31));
        query.put("data", data);
        return pushUpdate("callback_query", query);
    }

    private long push(ObjectNode message) {
        chats.put(message.path("chat").path("id").asLong(), (ObjectNode) message.get("chat"));
        return pushUpdate("message", message);
    }

    private long pushUpdate(String kind, ObjectNode payload) {
        synchronized (updates) {
            long id = nextUpdateId.getAndIncrement();
            ObjectNode update = json.createObjectNode().put("update_id", id);
            update.set(kind, payload);
            updates.add(update);
            updates.notifyAll();
            return id;
        }
    }

    /**
     * The user deletes one of the bot's messages: it is no longer among {@link #botMessages}, and
     * editing it gets Telegram's 400 "message to edit not found".
     */
    public void deleteMessage(long chatId, int messageId) {
        messages.remove(chatId + "/" + messageId);
    }

    /** The next {@code times} calls of {@code method} fail with this status and Bot API error body. */
    public void failNext(String method, int times, int status, String body) {
        failures.add(new Failure(method.toLowerCase(Locale.ROOT), status, body, new AtomicInteger(times)));
    }

    /** The next {@code times} calls of {@code method} get a 429 with this retry_after. */
    public void floodNext(String method, int times, int retryAfterSeconds) {
        failNext(method, times, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                + retryAfterSeconds + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}");
    }

    // ---- what tests check -------------------------------------------------------------------

    public List<Call> calls() {
        return Collections.unmodifiableList(calls);
    }

    public List<Call> calls(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        return calls.stream().filter(c -> c.method().equals(m)).toList();
    }

    /** The bot's messages in a chat, oldest first, with their current text. */
    public List<SentMessage> botMessages(long chatId) {
        return messages.values().stream().filter(m -> m.chatId() == chatId)
                .sorted((a, b) -> Integer.compare(a.messageId(), b.messageId())).toList();
    }

    /** The inline keyboard (reply_markup) the bot sent with a message; a missing node when none. */
    public JsonNode replyMarkup(long chatId, int messageId) {
        JsonNode markup = keyboards.get(chatId + "/" + messageId);
        return markup == null ? json.missingNode() : markup;
    }

    /** The labels of a message's buttons, row by row. */
    public List<String> buttonLabels(long chatId, int messageId) {
        List<String> labels = new ArrayList<>();
        for (JsonNode row : replyMarkup(chatId, messageId).path("inline_keyboard")) {
            for (JsonNode button : row) {
                labels.add(button.path("text").asString());
            }
        }
        return labels;
    }

    /** The highest offset the bot has confirmed: updates below it are acknowledged. */
    public long confirmedOffset() {
        return confirmedOffset;
    }

    /**
     * Forgets that updates from {@code updateId} on were confirmed, as if the bot's confirmation
     * never reached Telegram (it crashed first): the next poll gets them again.
     */
    public void redeliverFrom(long updateId) {
        confirmedOffset = Math.min(confirmedOffset, updateId);
    }

    /** How many times getUpdates has handed out this update. */
    public int timesServed(long updateId) {
        AtomicInteger n = served.get(updateId);
        return n == null ? 0 : n.get();
    }

    /** The calls of {@code method} to one chat, oldest first. */
    public List<Call> calls(String method, long chatId) {
        return calls(method).stream().filter(c -> c.chatId() == chatId).toList();
    }

    /** Waits until the condition on this fake holds, or fails after {@code timeout}. */
    public void await(Duration timeout, String what, Predicate<FakeTelegramServer> condition) {
        Eventually.await(what, timeout, () -> condition.test(this), () -> "Calls: " + describeCalls());
    }

    public String describeCalls() {
        StringBuilder sb = new StringBuilder();
        for (Call c : calls) {
            if (!c.method().equals("getupdates")) {
                sb.append("\n  ").append(c.method()).append(' ').append(c.body());
            }
        }
        return sb.toString();
    }

    // ---- the API ------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (RuntimeException e) {
            // a bug in the fake must show, not pass for a network fault
            e.printStackTrace();
            respond(exchange, 500, "{\"ok\":false,\"error_code\":500,\"description\":\"fake server bug: " + e + "\"}");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (path.startsWith("/file" + prefix) && exchange.getRequestMethod().equals("GET")) {
                serveFile(exchange, path.substring(("/file" + prefix).length()));
                return;
            }
            if (!path.startsWith(prefix)) {
                respond(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                return;
            }
            String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, byte[]> files = new java.util.HashMap<>();
            JsonNode body = type != null && type.startsWith("multipart/form-data") ? multipart(raw, type, files)
                    : raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
            calls.add(new Call(method, body, System.nanoTime()));
            for (Failure f : failures) {
                if (f.method().equals(method) && f.remaining().getAndDecrement() > 0) {
                    respond(exchange, f.status(), f.body());
                    return;
                }
            }
            switch (method) {
                case "getme" -> ok(exchange, botUser().put("can_join_groups", true)
                        .put("can_read_all_group_messages", false).put("supports_inline_queries", false));
                case "sendmessagedraft" -> sendMessageDraft(exchange, body);
                case "deletewebhook", "setmycommands", "sendchataction",
                     "setwebhook", "deletemycommands" -> ok(exchange, json.getNodeFactory().booleanNode(true));
                case "answercallbackquery" -> answerCallbackQuery(exchange, body);
                case "getfile" -> getFile(exchange, body);
                case "sendphoto" -> sendPhoto(exchange, body, upload(body, files, "photo"));
                case "getupdates" -> getUpdates(exchange, body);
                case "sendmessage" -> sendMessage(exchange, body);
                case "editmessagetext" -> editMessageText(exchange, body);
                default -> respond(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found: method not found\"}");
            }
        }
    }

    private void answerCallbackQuery(HttpExchange exchange, JsonNode body) throws IOException {
        if (!openCallbackQueries.remove(body.path("callback_query_id").asString(""))) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: query is too old and "
                    + "response timeout expired or query ID is invalid\"}");
            return;
        }
        ok(exchange, json.getNodeFactory().booleanNode(true));
    }

    /** Whether Telegram would deliver this update under the bot's allowed_updates (empty: the usual kinds). */
    private boolean allowed(ObjectNode update) {
        List<String> allowed = allowedUpdates;
        if (allowed.isEmpty()) {
            return true;
        }
        for (String kind : allowed) {
            if (update.has(kind)) {
                return true;
            }
        }
        return false;
    }

    private void getUpdates(HttpExchange exchange, JsonNode body) throws IOException {
        // as on Telegram: one getUpdates at a time per token; a second instance polling gets 409
        if (!polling.compareAndSet(false, true)) {
            conflicts.incrementAndGet();
            respond(exchange, 409, "{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: terminated by other "
                    + "getUpdates request; make sure that only one bot instance is running\"}");
            return;
        }
        try {
            serveUpdates(exchange, body);
        } finally {
            polling.set(false);
        }
    }

    /** getUpdates calls refused with 409 Conflict because another one was running: two instances polled at once. */
    public int conflicts() {
        return conflicts.get();
    }

    private final java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger conflicts = new AtomicInteger();

    private void serveUpdates(HttpExchange exchange, JsonNode body) throws IOException {
        if (body.has("allowed_updates")) {
            List<String> kinds = new ArrayList<>();
            for (JsonNode k : body.path("allowed_updates")) {
                kinds.add(k.asString());
            }
            allowedUpdates = List.copyOf(kinds);
        }
        long offset = body.path("offset").asLong(0);
        int limit = body.path("limit").asInt(100);
        long timeoutMs = body.path("timeout").asLong(0) * 1000;
        // as on Telegram: an offset confirms every update below it, and those are never served again
        if (offset > confirmedOffset) {
            confirmedOffset = offset;
        }
        offset = Math.max(offset, confirmedOffset);
        long deadline = System.currentTimeMillis() + timeoutMs;
        ArrayNode result = json.createArrayNode();
        synchronized (updates) {
            while (true) {
                for (ObjectNode u : updates) {
                    if (u.path("update_id").asLong() >= offset && result.size() < limit && allowed(u)) {
                        result.add(u);
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (!result.isEmpty() || left <= 0) {
                    for (JsonNode u : result) {
                        served.computeIfAbsent(u.path("update_id").asLong(), id -> new AtomicInteger()).incrementAndGet();
                    }
                    break;
                }
                try {
                    updates.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        ok(exchange, result);
    }

    private void sendMessageDraft(HttpExchange exchange, JsonNode body) throws IOException {
        String text = body.path("text").asString("");
        if (body.path("draft_id").asInt(0) == 0) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: draft_id must be non-zero\"}");
            return;
        }
        if (text.length() > MAX_TEXT) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}");
            return;
        }
        if (!validEntities(exchange, text, body.path("entities"))) {
            return;
        }
        ok(exchange, json.getNodeFactory().booleanNode(true));
    }

    private void sendMessage(HttpExchange exchange, JsonNode body) throws IOException {
        long chatId = Long.parseLong(body.path("chat_id").asString());
        String text = body.path("text").asString("");
        if (!validText(exchange, text) || !validEntities(exchange, text, body.path("entities"))) {
            return;
        }
        JsonNode markup = body.path("reply_markup");
        if (!validKeyboard(exchange, markup)) {
            return;
        }
        int id = nextMessageId.incrementAndGet();
        if (markup.isObject()) {
            keyboards.put(chatId + "/" + id, markup);
        }
        JsonNode replyParams = body.path("reply_parameters");
        Integer replyTo = null;
        if (replyParams.has("message_id")) {
            replyTo = replyParams.path("message_id").asInt();
        } else if (body.has("reply_to_message_id")) {
            replyTo = body.path("reply_to_message_id").asInt();
        }
        messages.put(chatId + "/" + id, new SentMessage(chatId, id, text, 0, body.path("entities"), replyTo));
        ok(exchange, sentMessageJson(chatId, id, text, body.path("entities")));
    }

    private void editMessageText(HttpExchange exchange, JsonNode body) throws IOException {
        long chatId = Long.parseLong(body.path("chat_id").asString());
        int id = body.path("message_id").asInt();
        String text = body.path("text").asString("");
        String key = chatId + "/" + id;
        SentMessage current = messages.get(key);
        if (current == null) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message to edit not found\"}");
            return;
        }
        if (!validText(exchange, text) || !validEntities(exchange, text, body.path("entities"))) {
            return;
        }
        if (current.text().equals(text) && current.entities().equals(body.path("entities"))) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is not modified: "
                    + "specified new message content and reply markup are exactly the same as a current content and reply markup of the message\"}");
            return;
        }
        messages.put(key, new SentMessage(chatId, id, text, current.edits() + 1, body.path("entities"), current.replyTo()));
        ok(exchange, sentMessageJson(chatId, id, text, body.path("entities")).put("edit_date", System.currentTimeMillis() / 1000));
    }

    /** As Telegram: callback_data of 1 to 64 bytes, a text on every button. */
    private boolean validKeyboard(HttpExchange exchange, JsonNode markup) throws IOException {
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode button : row) {
                int bytes = button.path("callback_data").asString("").getBytes(StandardCharsets.UTF_8).length;
                if (bytes < 1 || bytes > 64) {
                    respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: BUTTON_DATA_INVALID\"}");
                    return false;
                }
                if (button.path("text").asString("").isEmpty()) {
                    respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: text buttons are unallowed in the inline keyboard\"}");
                    return false;
                }
            }
        }
        return true;
    }

    private boolean validText(HttpExchange exchange, String text) throws IOException {
        if (text.isEmpty()) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}");
            return false;
        }
        if (text.length() > MAX_TEXT) {
            respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}");
            return false;
        }
        return true;
    }

    /** Entities must lie inside the text, counted in UTF-16 units, as Telegram checks them. */
    private boolean validEntities(HttpExchange exchange, String text, JsonNode entities) throws IOException {
        if (!entities.isArray()) {
            return true;
        }
        for (JsonNode e : entities) {
            int offset = e.path("offset").asInt(-1);
            int length = e.path("length").asInt(-1);
            String type = e.path("type").asString("");
            String problem = null;
            if (type.isEmpty()) {
                problem = "entity type is missing";
            } else if (offset < 0 || length <= 0) {
                problem = "entity at UTF-16 offset " + offset + " has a bad length";
            } else if (offset + length > text.length()) {
                problem = "entity beginning at UTF-16 offset " + offset + " ends after the end of the text at UTF-16 offset "
                        + text.length();
            } else if (type.equals("text_link") && !e.path("url").asString("").matches("(?i)(https?|tg)://\\S+")) {
                problem = "wrong HTTP URL specified";
            }
            if (problem != null) {
                respond(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities: "
                        + problem + "\"}");
                return false;
            }
        }
        return true;
    }

    private ObjectNode sentMessageJson(long chatId, int id, String text, JsonNode entities) {
        ObjectNode chat = chats.getOrDefault(chatId, json.createObjectNode().put("id", chatId).put("type", "private"));
        ObjectNode m = message(chat, botUser(), null);
        m.put("message_id", id);
        m.put("text", text);
        if (entities != null && entities.isArray() && !entities.isEmpty()) {
            m.set("entities", entities);
        }
        return m;
    }

    private void ok(HttpExchange exchange, JsonNode result) throws IOException {
        ObjectNode envelope = json.createObjectNode().put("ok", true);
        envelope.set("result", result);
        respond(exchange, 200, json.writeValueAsString(envelope));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
