package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discord on loopback: the REST API (v10) a bot calls and a gateway websocket that greets with
 * HELLO, answers IDENTIFY with READY and a GUILD_CREATE per guild of the identified shard,
 * acknowledges heartbeats and then plays the MESSAGE_CREATE and INTERACTION_CREATE events a test
 * asks for, each down the connection of the shard Discord would pick: (guild_id &gt;&gt; 22) %
 * num_shards, and shard 0 for DMs. The gateway speaks
 * zlib-stream when the client asks for it (JDA's default transport), plain JSON otherwise. It keeps
 * every REST call, the current text of every message the bot sent and every interaction response.
 */
public final class FakeDiscordServer implements AutoCloseable {

    public static final long BOT_ID = 900_000_000_000_000_001L;
    public static final long APPLICATION_ID = BOT_ID;
    public static final String BOT_NAME = "chatbot";
    public static final long GUILD_ID = 800_000_000_000_000_001L;
    /** A text channel of the guild. */
    public static final long CHANNEL_ID = 810_000_000_000_000_001L;
    /** A second text channel of the guild, with its own history. */
    public static final long OTHER_CHANNEL_ID = 810_000_000_000_000_002L;
    /** A third text channel, for tests that take the bot's permissions there away ({@link #forbid}). */
    public static final long LOCKED_CHANNEL_ID = 810_000_000_000_000_003L;
    /** A public thread in {@link #CHANNEL_ID}. */
    public static final long THREAD_ID = 820_000_000_000_000_001L;
    public static final long OWNER_ID = 700_000_000_000_000_999L;
    public static final int MAX_CONTENT = 2000;
    /** Stands for the original response of an interaction in {@link #interactionMessages}. */
    public static final String ORIGINAL = "@original";

    /** One REST call as received. */
    public record Call(String method, String path, JsonNode body, long atNanos) {
    }

    /** A message the bot sent, with its text and buttons as they stand now. */
    public record SentMessage(String channelId, String id, String content, int edits, JsonNode components,
                              JsonNode allowedMentions, String replyTo) {

        /** The custom ids of its buttons. */
        public List<String> buttonIds() {
            List<String> ids = new ArrayList<>();
            if (components != null) {
                for (JsonNode row : components) {
                    for (JsonNode c : row.path("components")) {
                        ids.add(c.path("custom_id").asString());
                    }
                }
            }
            return ids;
        }
    }

    private final HttpServer http;
    private final Gateway gateway;
    private final String token;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Messages of channels by id, in the order sent. */
    private final Map<String, SentMessage> messages = new ConcurrentHashMap<>();
    private final List<String> messageOrder = new CopyOnWriteArrayList<>();
    /** Responses to interactions: interaction token -> (ORIGINAL or followup id -> message). */
    private final Map<String, Map<String, SentMessage>> interactionMessages = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> callbacks = new ConcurrentHashMap<>();
    /** Every event dispatched, by the id of its message or interaction, so a test can deliver it again. */
    private final Map<String, ObjectNode> dispatched = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final java.util.Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final List<String> deletedResponses = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger identifies = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    /** The bot's gateway connections, each with the shard it identified as. */
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    /** The shards of IDENTIFY frames, in order: [shard id, number of shards]. */
    private final List<List<Integer>> identified = new CopyOnWriteArrayList<>();
    /** Guilds besides {@link #GUILD_ID}, each with its one text channel. */
    private final Map<Long, Long> extraGuilds = new ConcurrentHashMap<>();
    /** REST calls still to be answered with a 429, each as "METHOD path-pattern"; one entry per call. */
    private final List<String> rateLimited = new CopyOnWriteArrayList<>();
    private final AtomicInteger rateLimitsAnswered = new AtomicInteger();

    /** One gateway connection. */
    private static final class Session {
        final WebSocket socket;
        final boolean compressed;
        final Deflater deflater = new Deflater();
        volatile int shard = -1;
        volatile int shards = 1;

        Session(WebSocket socket, boolean compressed) {
            this.socket = socket;
            this.compressed = compressed;
        }

        /** Whether Discord would send this guild's events (none: DMs) down this connection. */
        boolean carries(Long guildId) {
            long target = guildId == null ? 0 : (guildId >> 22) % shards;
            return shard == target && socket.isOpen();
        }
    }

    public FakeDiscordServer(String token) {
        this.token = token;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
        gateway = new Gateway(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        gateway.setReuseAddr(true);
        gateway.start();
        Eventually.await("the fake gateway to listen", Duration.ofSeconds(10), () -> gateway.getPort() > 0);
    }

    /** The REST base, as BOT_DISCORD_API_URL takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
    }

    /** The gateway, as BOT_DISCORD_GATEWAY_URL takes it. */
    public String gatewayUrl() {
        return "ws://127.0.0.1:" + gateway.getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        try {
            gateway.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- what tests send over the gateway ----------------------------------------------------

    /** A message in one of the guild's text channels; returns its id. */
    public String guildMessage(long channelId, long userId, String name, String content, boolean mentionsBot) {
        return guildMessage(channelId, userId, name, content, mentionsBot, null);
    }

    /** A message in a guild text channel that replies to {@code replyToId}; returns its id. */
    public String guildMessage(long channelId, long userId, String name, String content, boolean mentionsBot,
                               String replyToId) {
        ObjectNode m = message(String.valueOf(channelId), userId, name, content);
        m.put("guild_id", String.valueOf(GUILD_ID));
        m.set("member", member(userId, name, false).without("user"));
        if (mentionsBot) {
            ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        }
        if (replyToId != null) {
            SentMessage replied = messages.get(replyToId);
            m.put("type", 19);
            m.putObject("message_reference").put("message_id", replyToId).put("channel_id", String.valueOf(channelId))
                    .put("guild_id", String.valueOf(GUILD_ID));
            if (replied != null) {
                m.set("referenced_message", botMessageJson(replied));
            }
        }
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /** A direct message from a user to the bot; returns its id. The DM channel's id is {@link #dmChannel}. */
    public String directMessage(long userId, String name, String content) {
        ObjectNode m = message(dmChannel(userId), userId, name, content);
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /** Attachment bytes by path on the fake's CDN ("/attachments/..."), or a redirect target. */
    private final Map<String, byte[]> cdn = new ConcurrentHashMap<>();
    private final Map<String, String> cdnRedirects = new ConcurrentHashMap<>();

    /**
     * A message in the guild's channel mentioning the bot, with image attachments as Discord sends them
     * (filename, content_type, size, width, height, a CDN url); the fake serves the bytes at that url.
     */
    public String guildImages(long userId, String name, String content, String contentType, List<byte[]> images) {
        ObjectNode m = message(String.valueOf(CHANNEL_ID), userId, name, content);
        m.put("guild_id", String.valueOf(GUILD_ID));
        m.set("member", member(userId, name, false).without("user"));
        ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        ArrayNode attachments = (ArrayNode) m.get("attachments");
        for (byte[] image : images) {
            String id = String.valueOf(snowflake());
            String file = "image" + attachments.size() + (contentType.equals("image/png") ? ".png" : ".jpg");
            String path = "/attachments/" + CHANNEL_ID + "/" + id + "/" + file;
            cdn.put(path, image);
            attachments.add(attachment(id, file, contentType, image.length, root() + path + "?ex=6a1b2c3d&is=6a1a0000&hm=f00d"));
        }
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /**
     * A voice message in the guild's channel, as Discord's clients send one: no content, the IS_VOICE_MESSAGE flag,
     * one audio/ogg attachment with duration_secs and a waveform. It mentions the bot by replying to nothing: in a
     * DM, use {@code direct}.
     */
    public String voiceMessage(long userId, String name, boolean direct, byte[] ogg, double seconds) {
        ObjectNode m = message(direct ? dmChannel(userId) : String.valueOf(CHANNEL_ID), userId, name, "");
        if (!direct) {
            m.put("guild_id", String.valueOf(GUILD_ID));
            m.set("member", member(userId, name, false).without("user"));
            ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        }
        m.put("flags", 8192);
        String id = String.valueOf(snowflake());
        String path = "/attachments/" + m.path("channel_id").asString() + "/" + id + "/voice-message.ogg";
        cdn.put(path, ogg);
        ObjectNode a = attachment(id, "voice-message.ogg", "audio/ogg", ogg.length, root() + path);
        a.remove("width");
        a.remove("height");
        a.put("duration_secs", seconds).put("waveform", "AAAAAAAAAAAA");
        ((ArrayNode) m.get("attachments")).add(a);
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /** Like {@link #guildImages}, but the attachment's URL answers with a redirect to {@code target}. */
    public String guildImageRedirectingTo(long userId, String name, String content, String target) {
        ObjectNode m = message(String.valueOf(CHANNEL_ID), userId, name, content);
        m.put("guild_id", String.valueOf(GUILD_ID));
        m.set("member", member(userId, name, false).without("user"));
        ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        String id = String.valueOf(snowflake());
        String path = "/attachments/" + CHANNEL_ID + "/" + id + "/moved.jpg";
        cdnRedirects.put(path, target);
        ((ArrayNode) m.get("attachments")).add(attachment(id, "moved.jpg", "image/jpeg", 1000, root() + path));
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    private ObjectNode attachment(String id, String file, String contentType, long size, String url) {
        return json.createObjectNode().put("id", id).put("filename", file).put("content_type", contentType)
                .put("size", size).put("url", url).put("proxy_url", url.replace("cdn.", "media."))
                .put("width", 640).put("height", 480);
    }

    private String root() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Serves the fake CDN; true when the request was for it. */
    private boolean serveCdn(HttpExchange exchange, String path) throws IOException {
        String target = cdnRedirects.get(path);
        if (target != null) {
            exchange.getResponseHeaders().add("Location", target);
            exchange.sendResponseHeaders(302, -1);
            return true;
        }
        byte[] bytes = cdn.get(path);
        if (bytes == null) {
            return false;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        return true;
    }

    /** A message with a sticker and no text in the guild's channel, mentioning the bot. */
    public String guildSticker(long userId, String name) {
        ObjectNode m = message(String.valueOf(CHANNEL_ID), userId, name, "");
        m.put("guild_id", String.valueOf(GUILD_ID));
        m.set("member", member(userId, name, false).without("user"));
        ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        m.putArray("sticker_items").addObject().put("id", "749054660769218631").put("name", "Wave").put("format_type", 1);
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /** A message from a bot (or, with {@code userId == BOT_ID}, from this bot itself) mentioning the bot. */
    public String botAuthoredMessage(long userId, String name, String content) {
        ObjectNode m = message(String.valueOf(CHANNEL_ID), userId, name, content);
        ((ObjectNode) m.get("author")).put("bot", true);
        m.put("guild_id", String.valueOf(GUILD_ID));
        ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /** The DM channel between the bot and a user. */
    public static String dmChannel(long userId) {
        return String.valueOf(userId + 1);
    }

    /**
     * A slash command in the guild's channel; returns the interaction's token.
     *
     * @param options option name -> string value
     * @param admin   whether the member holds Administrator in the guild
     */
    public String slashCommand(long channelId, long userId, String name, String command, Map<String, String> options,
                               boolean admin) {
        ObjectNode data = json.createObjectNode();
        data.put("id", commandId(command)).put("name", command).put("type", 1);
        ArrayNode opts = data.putArray("options");
        options.forEach((k, v) -> opts.addObject().put("name", k).put("type", 3).put("value", v));
        return interaction(channelId, 2, userId, name, data, admin, json.createObjectNode());
    }

    /** A slash command in the DM between a user and the bot; returns the interaction's token. */
    public String directSlashCommand(long userId, String name, String command, Map<String, String> options) {
        ObjectNode data = json.createObjectNode();
        data.put("id", commandId(command)).put("name", command).put("type", 1);
        ArrayNode opts = data.putArray("options");
        options.forEach((k, v) -> opts.addObject().put("name", k).put("type", 3).put("value", v));
        String id = String.valueOf(snowflake());
        String interactionToken = "itoken-" + id;
        ObjectNode i = json.createObjectNode();
        i.put("id", id).put("application_id", String.valueOf(APPLICATION_ID)).put("type", 2)
                .put("token", interactionToken).put("version", 1).put("channel_id", dmChannel(userId))
                .put("locale", "en-US").put("app_permissions", "2248473465835073").put("context", 1);
        i.set("user", user(userId, name, false));
        ObjectNode channel = i.putObject("channel");
        channel.put("id", dmChannel(userId)).put("type", 1).putNull("last_message_id").put("flags", 0);
        channel.putArray("recipients").add(user(userId, name, false));
        i.putObject("authorizing_integration_owners").put("0", String.valueOf(userId));
        i.putArray("entitlements");
        i.set("data", data);
        dispatch("INTERACTION_CREATE", i);
        return interactionToken;
    }

    /** From now on the bot may not send messages in {@code channelId}: Discord answers 403 Missing Permissions. */
    public void forbid(long channelId) {
        forbidden.add(String.valueOf(channelId));
    }

    /**
     * The next REST call of {@code method} whose path (without /api/v10/) matches {@code pathPattern} gets
     * Discord's per-route 429: the JSON body, Retry-After (whole seconds, rounded up as Discord does), the
     * X-RateLimit-* headers of an exhausted bucket and Cloudflare's Via header (without it a client takes
     * the 429 for a Cloudflare ban). The call is not carried out; the client is expected to make it again.
     */
    public void rateLimitNext(String method, String pathPattern) {
        rateLimited.add(method + " " + pathPattern);
    }

    /** How many REST calls were answered with a 429 so far. */
    public int rateLimitsAnswered() {
        return rateLimitsAnswered.get();
    }

    /** Typing into a slash command's option with autocomplete; returns the interaction's token. */
    public String autocomplete(long userId, String name, String command, String option, String typed) {
        ObjectNode data = json.createObjectNode();
        data.put("id", commandId(command)).put("name", command).put("type", 1);
        data.putArray("options").addObject().put("name", option).put("type", 3).put("value", typed).put("focused", true);
        return interaction(CHANNEL_ID, 4, userId, name, data, false, json.createObjectNode());
    }

    /** A press of a button with {@code customId} under the bot's message {@code messageId}; returns the token. */
    public String pressButton(long userId, String name, String messageId, String customId) {
        SentMessage carrier = messages.get(messageId);
        long channelId = carrier == null ? CHANNEL_ID : Long.parseLong(carrier.channelId());
        ObjectNode data = json.createObjectNode();
        data.put("custom_id", customId).put("component_type", 2);
        ObjectNode extra = json.createObjectNode();
        SentMessage m = messages.get(messageId);
        if (m != null) {
            extra.set("message", botMessageJson(m));
        }
        return interaction(channelId, 3, userId, name, data, false, extra);
    }

    // ---- what tests read -------------------------------------------------------------------

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String pathPattern) {
        Pattern p = Pattern.compile(pathPattern);
        return calls.stream().filter(c -> c.method().equals(method) && p.matcher(c.path()).matches()).toList();
    }

    /** The bot's messages in a channel (not interaction responses), oldest first. */
    public List<SentMessage> botMessages(String channelId) {
        return messageOrder.stream().map(messages::get).filter(m -> m.channelId().equals(channelId)).toList();
    }

    public List<SentMessage> botMessages(long channelId) {
        return botMessages(String.valueOf(channelId));
    }

    /** The original response and followups of an interaction, by {@link #ORIGINAL} or followup id. */
    public Map<String, SentMessage> interactionMessages(String interactionToken) {
        return Map.copyOf(interactionMessages.getOrDefault(interactionToken, Map.of()));
    }

    /** Whether the bot deleted the original response of this interaction. */
    public boolean originalDeleted(String interactionToken) {
        return deletedResponses.contains(interactionToken + "/" + ORIGINAL);
    }

    /** The bodies POSTed to an interaction's callback, in order (type 5: deferred, 8: choices, ...). */
    public List<JsonNode> callbacks(String interactionToken) {
        return List.copyOf(callbacks.getOrDefault(interactionToken, List.of()));
    }

    /** The last bulk-overwritten command list, global or of the guild. */
    public JsonNode registeredCommands(boolean guild) {
        List<Call> puts = calls("PUT", guild ? "applications/\\d+/guilds/\\d+/commands" : "applications/\\d+/commands");
        return puts.isEmpty() ? null : puts.getLast().body();
    }

    /**
     * Another guild the bot is in, with one text channel; for sharding tests, since Discord sends a
     * guild's events to shard (guild_id &gt;&gt; 22) % num_shards. Call before the bot connects.
     */
    public void addGuild(long guildId, long channelId) {
        extraGuilds.put(guildId, channelId);
    }

    /** A message mentioning the bot (or not) in a text channel of {@code guildId}; returns its id. */
    public String guildMessageIn(long guildId, long channelId, long userId, String name, String content, boolean mentionsBot) {
        ObjectNode m = message(String.valueOf(channelId), userId, name, content);
        m.put("guild_id", String.valueOf(guildId));
        m.set("member", member(userId, name, false).without("user"));
        if (mentionsBot) {
            ((ArrayNode) m.get("mentions")).add(user(BOT_ID, BOT_NAME, true));
        }
        dispatch("MESSAGE_CREATE", m);
        return m.get("id").asString();
    }

    /** The shard field of every IDENTIFY so far, [shard id, number of shards], in order. */
    public List<List<Integer>> identifiedShards() {
        return List.copyOf(identified);
    }

    public int identifies() {
        return identifies.get();
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    public void await(Duration timeout, String what, Predicate<FakeDiscordServer> condition) {
        Eventually.await(what, timeout, () -> condition.test(this), this::describe);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("REST calls seen:\n");
        for (Call c : calls) {
            String body = c.body() == null ? "" : c.body().toString();
            sb.append("  ").append(c.method()).append(' ').append(c.path()).append(' ')
                    .append(body.length() > 300 ? body.substring(0, 300) + "…" : body).append('\n');
        }
        return sb.toString();
    }

    // ---- payloads ---------------------------------------------------------------------------

    private ObjectNode message(String channelId, long userId, String name, String content) {
        ObjectNode m = json.createObjectNode();
        m.put("id", String.valueOf(snowflake())).put("channel_id", channelId).put("type", 0)
                .put("content", content).put("timestamp", Instant.now().toString()).putNull("edited_timestamp")
                .put("tts", false).put("mention_everyone", false).put("pinned", false);
        m.set("author", user(userId, name, false));
        m.putArray("mentions");
        m.putArray("mention_roles");
        m.putArray("attachments");
        m.putArray("embeds");
        m.putArray("components");
        return m;
    }

    private ObjectNode botMessageJson(SentMessage sent) {
        ObjectNode m = message(sent.channelId(), BOT_ID, BOT_NAME, sent.content());
        m.put("id", sent.id());
        ((ObjectNode) m.get("author")).put("bot", true);
        if (sent.components() != null) {
            m.set("components", sent.components());
        }
        return m;
    }

    private ObjectNode user(long id, String name, boolean bot) {
        ObjectNode u = json.createObjectNode();
        u.put("id", String.valueOf(id)).put("username", name).put("global_name", name).put("discriminator", "0")
                .putNull("avatar").put("bot", bot).put("public_flags", 0);
        return u;
    }

    private ObjectNode member(long userId, String name, boolean admin) {
        ObjectNode m = json.createObjectNode();
        m.set("user", user(userId, name, userId == BOT_ID));
        ArrayNode roles = m.putArray("roles");
        if (admin || userId == BOT_ID) {
            roles.add(String.valueOf(GUILD_ID + 1));
        }
        m.put("joined_at", "2024-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false)
                .put("flags", 0).put("pending", false).putNull("nick");
        return m;
    }

    private String interaction(long channelId, int type, long userId, String name, ObjectNode data, boolean admin,
                               ObjectNode extra) {
        String id = String.valueOf(snowflake());
        String interactionToken = "itoken-" + id;
        ObjectNode i = json.createObjectNode();
        i.put("id", id).put("application_id", String.valueOf(APPLICATION_ID)).put("type", type)
                .put("token", interactionToken).put("version", 1).put("guild_id", String.valueOf(GUILD_ID))
                .put("channel_id", String.valueOf(channelId)).put("locale", "en-US").put("guild_locale", "en-US")
                .put("app_permissions", "2248473465835073").put("context", 0);
        ObjectNode member = member(userId, name, admin);
        member.put("permissions", admin ? "2248473465835073" : "68608");
        i.set("member", member);
        i.set("channel", textChannelJson(channelId));
        ObjectNode guild = i.putObject("guild");
        guild.put("id", String.valueOf(GUILD_ID)).put("locale", "en-US");
        guild.putArray("features");
        i.putObject("authorizing_integration_owners").put("0", String.valueOf(GUILD_ID));
        i.putArray("entitlements");
        i.set("data", data);
        extra.properties().forEach(e -> i.set(e.getKey(), e.getValue()));
        dispatch("INTERACTION_CREATE", i);
        return interactionToken;
    }

    private String commandId(String command) {
        return String.valueOf(Math.abs(command.hashCode()) + 500_000_000_000_000_000L);
    }

    private ObjectNode textChannelJson(long channelId) {
        ObjectNode c = json.createObjectNode();
        c.put("id", String.valueOf(channelId)).put("type", 0).put("guild_id", String.valueOf(GUILD_ID))
                .put("name", "channel-" + channelId).put("position", 0).putNull("topic").put("nsfw", false)
                .put("rate_limit_per_user", 0).putNull("parent_id").putNull("last_message_id");
        c.putArray("permission_overwrites");
        return c;
    }

    /** The guilds of one shard: Discord puts guild g on shard (g &gt;&gt; 22) % num_shards. */
    private List<Long> guildsOf(Session session) {
        List<Long> guilds = new ArrayList<>();
        guilds.add(GUILD_ID);
        guilds.addAll(extraGuilds.keySet());
        guilds.removeIf(g -> (g >> 22) % session.shards != session.shard);
        return guilds;
    }

    private ObjectNode readyJson(Session session) {
        ObjectNode d = json.createObjectNode();
        d.put("v", 10).put("session_id", "fake-session-" + identifies.get())
                .put("resume_gateway_url", gatewayUrl());
        d.set("user", user(BOT_ID, BOT_NAME, true).put("verified", true).put("mfa_enabled", false).put("flags", 0));
        ArrayNode guilds = d.putArray("guilds");
        guildsOf(session).forEach(g -> guilds.addObject().put("id", String.valueOf(g)).put("unavailable", true));
        d.putArray("private_channels");
        d.putObject("application").put("id", String.valueOf(APPLICATION_ID)).put("flags", 0);
        d.putArray("shard").add(session.shard).add(session.shards);
        return d;
    }

    private ObjectNode guildJson(long guildId) {
        if (guildId != GUILD_ID) {
            ObjectNode g = guildJson(GUILD_ID);
            long channelId = extraGuilds.get(guildId);
            g.put("id", String.valueOf(guildId)).put("name", "Guild " + guildId);
            ((ObjectNode) g.get("roles").get(0)).put("id", String.valueOf(guildId));
            ObjectNode channel = textChannelJson(channelId).put("guild_id", String.valueOf(guildId));
            g.putArray("channels").add(channel);
            g.putArray("threads");
            return g;
        }
        ObjectNode g = json.createObjectNode();
        g.put("id", String.valueOf(GUILD_ID)).put("name", "Test Guild").putNull("icon")
                .put("owner_id", String.valueOf(OWNER_ID)).put("member_count", 2).put("large", false)
                .put("unavailable", false).put("premium_progress_bar_enabled", false).put("preferred_locale", "en-US")
                .put("afk_timeout", 300).put("verification_level", 0).put("default_message_notifications", 0)
                .put("explicit_content_filter", 0).put("mfa_level", 0).put("nsfw_level", 0).put("premium_tier", 0)
                .put("joined_at", "2024-01-01T00:00:00.000000+00:00");
        ArrayNode roles = g.putArray("roles");
        // @everyone: view channels, send messages, read history
        roles.addObject().put("id", String.valueOf(GUILD_ID)).put("name", "@everyone").put("permissions", "68608")
                .put("position", 0).put("color", 0).put("hoist", false).put("managed", false).put("mentionable", false);
        roles.addObject().put("id", String.valueOf(GUILD_ID + 1)).put("name", "admin").put("permissions", "8")
                .put("position", 1).put("color", 0).put("hoist", false).put("managed", false).put("mentionable", false);
        g.putArray("channels").add(textChannelJson(CHANNEL_ID)).add(textChannelJson(OTHER_CHANNEL_ID))
                .add(textChannelJson(LOCKED_CHANNEL_ID));
        g.putArray("members").add(member(BOT_ID, BOT_NAME, true));
        ObjectNode thread = g.putArray("threads").addObject();
        thread.put("id", String.valueOf(THREAD_ID)).put("type", 11).put("guild_id", String.valueOf(GUILD_ID))
                .put("parent_id", String.valueOf(CHANNEL_ID)).put("name", "a thread").put("owner_id", String.valueOf(OWNER_ID))
                .put("member_count", 2).put("message_count", 0).put("rate_limit_per_user", 0).put("flags", 0)
                .putNull("last_message_id");
        thread.putObject("thread_metadata").put("archived", false).put("auto_archive_duration", 1440)
                .put("archive_timestamp", Instant.now().toString()).put("locked", false).put("invitable", true);
        g.putArray("guild_scheduled_events");
        g.putArray("emojis");
        g.putArray("stickers");
        g.putArray("voice_states");
        g.putArray("presences");
        g.putArray("stage_instances");
        g.putArray("features");
        return g;
    }

    // ---- gateway ----------------------------------------------------------------------------

    /**
     * A new id as Discord makes them: milliseconds since 2015 shifted left 22 bits. JDA reads an
     * interaction's age from its id and refuses to answer one older than 15 minutes.
     */
    private long snowflake() {
        long now = (System.currentTimeMillis() - 1_420_070_400_000L) << 22;
        return lastId.accumulateAndGet(now, (last, fresh) -> Math.max(last + 1, fresh));
    }

    /** Delivers an event again, as a resumed gateway session may. */
    public void redeliver(String eventId) {
        ObjectNode frame = dispatched.get(eventId);
        if (frame == null) {
            throw new IllegalArgumentException("no event " + eventId + " was delivered");
        }
        dispatch(frame.get("t").asString(), frame.get("d"));
    }

    private void dispatch(String type, JsonNode data) {
        if (data.has("id") && (type.equals("MESSAGE_CREATE") || type.equals("INTERACTION_CREATE"))) {
            ObjectNode kept = json.createObjectNode();
            kept.put("t", type).set("d", data);
            dispatched.put(data.get("id").asString(), kept);
        }
        Long guild = data.hasNonNull("guild_id") ? Long.parseLong(data.get("guild_id").asString()) : null;
        Session session = null;
        for (Session candidate : sessions) {
            if (candidate.carries(guild)) {
                session = candidate; // the newest connection of that shard
            }
        }
        if (session == null) {
            throw new IllegalStateException("no bot is connected to the fake gateway"
                    + (guild == null ? "" : " on the shard of guild " + guild));
        }
        dispatch(session, type, data);
    }

    private void dispatch(Session session, String type, JsonNode data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("op", 0).put("t", type).put("s", sequence.incrementAndGet());
        frame.set("d", data);
        send(session, frame);
    }

    private void send(Session session, ObjectNode frame) {
        synchronized (session) {
            sendFrame(session, frame);
        }
    }

    private void sendFrame(Session session, ObjectNode frame) {
        WebSocket ws = session.socket;
        if (!ws.isOpen()) {
            throw new IllegalStateException("the bot's gateway connection is closed");
        }
        byte[] bytes = frame.toString().getBytes(StandardCharsets.UTF_8);
        if (!session.compressed) {
            ws.send(frame.toString());
            return;
        }
        // zlib-stream: one deflate stream per connection, each frame ending in a sync flush (00 00 ff ff)
        Deflater deflater = session.deflater;
        deflater.setInput(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        ws.send(out.toByteArray());
    }

    private final class Gateway extends WebSocketServer {

        Gateway(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Session session = new Session(conn, handshake.getResourceDescriptor().contains("compress=zlib-stream"));
            conn.setAttachment(session);
            sessions.add(session);
            ObjectNode hello = json.createObjectNode();
            hello.put("op", 10).putNull("s").putNull("t");
            hello.putObject("d").put("heartbeat_interval", 41_250);
            send(session, hello);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Session session = conn.getAttachment();
            JsonNode frame = json.readTree(message);
            switch (frame.path("op").asInt()) {
                case 1 -> {
                    heartbeats.incrementAndGet();
                    ObjectNode ack = json.createObjectNode();
                    ack.put("op", 11).putNull("d");
                    send(session, ack);
                }
                case 2 -> {
                    if (!token.equals(frame.path("d").path("token").asString())) {
                        conn.close(4004, "Authentication failed.");
                        return;
                    }
                    JsonNode shard = frame.path("d").path("shard");
                    if (shard.isArray() && shard.size() == 2) {
                        session.shard = shard.get(0).asInt();
                        session.shards = shard.get(1).asInt();
                    } else {
                        session.shard = 0;
                        session.shards = 1;
                    }
                    identified.add(List.of(session.shard, session.shards));
                    identifies.incrementAndGet();
                    synchronized (session) {
                        dispatch(session, "READY", readyJson(session));
                        for (long guild : guildsOf(session)) {
                            dispatch(session, "GUILD_CREATE", guildJson(guild));
                        }
                    }
                }
                case 6 -> {
                    // a resume: this fake keeps no session, so the client starts a new one
                    ObjectNode invalid = json.createObjectNode();
                    invalid.put("op", 9).put("d", false);
                    send(session, invalid);
                }
                default -> {
                }
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            onMessage(conn, StandardCharsets.UTF_8.decode(message).toString());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            sessions.remove((Session) conn.getAttachment());
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
        }
    }

    // ---- REST -------------------------------------------------------------------------------

    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("channels/(\\d+)/messages");
    private static final Pattern CHANNEL_MESSAGE = Pattern.compile("channels/(\\d+)/messages/(\\d+)");
    private static final Pattern TYPING = Pattern.compile("channels/(\\d+)/typing");
    private static final Pattern COMMANDS = Pattern.compile("applications/\\d+(/guilds/\\d+)?/commands");
    private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK_MESSAGE = Pattern.compile("webhooks/\\d+/([^/]+)/messages/([^/]+)");
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/\\d+/([^/]+)");
    private static final Pattern DM_OPEN = Pattern.compile("users/@me/channels");
    private static final Pattern USER = Pattern.compile("users/(\\d+)");

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().startsWith("/attachments/")) {
                calls.add(new Call("GET", exchange.getRequestURI().getPath(), null, System.nanoTime()));
                if (!serveCdn(exchange, exchange.getRequestURI().getPath())) {
                    respond(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>");
                }
                return;
            }
            String path = exchange.getRequestURI().getPath().replaceFirst("^/api/v10/", "");
            String method = exchange.getRequestMethod();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : readBody(raw, exchange.getRequestHeaders().getFirst("Content-Type"), path);
            calls.add(new Call(method, path, body, System.nanoTime()));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean isInteractionCall = path.startsWith("interactions/") || path.startsWith("webhooks/");
            if (!isInteractionCall && !("Bot " + token).equals(auth)) {
                respond(exchange, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}");
                return;
            }
            if (takeRateLimit(method, path)) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.getResponseHeaders().add("Via", "1.1 google");
                exchange.getResponseHeaders().add("X-RateLimit-Limit", "5");
                exchange.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().add("X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f",
                        System.currentTimeMillis() / 1000.0 + 0.05));
                exchange.getResponseHeaders().add("X-RateLimit-Reset-After", "0.050");
                exchange.getResponseHeaders().add("X-RateLimit-Bucket", "fake-" + Integer.toHexString(path.hashCode()));
                exchange.getResponseHeaders().add("X-RateLimit-Scope", "user");
                respond(exchange, 429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.05, \"global\": false}");
                return;
            }
            Matcher m;
            if (method.equals("GET") && path.equals("users/@me")) {
                respond(exchange, 200, user(BOT_ID, BOT_NAME, true).put("verified", true).put("mfa_enabled", false)
                        .put("flags", 0).toString());
            } else if ((m = CHANNEL_MESSAGES.matcher(path)).lookingAt() && forbidden.contains(m.group(1))) {
                respond(exchange, 403, "{\"message\":\"Missing Permissions\",\"code\":50013}");
            } else if (method.equals("POST") && (m = CHANNEL_MESSAGES.matcher(path)).matches()) {
                respond(exchange, 200, botMessageJson(create(m.group(1), body, messages, null)).toString());
            } else if (method.equals("PATCH") && (m = CHANNEL_MESSAGE.matcher(path)).matches()) {
                SentMessage edited = edit(messages, m.group(2), body);
                respond(exchange, edited == null ? 404 : 200, edited == null
                        ? "{\"message\":\"Unknown Message\",\"code\":10008}" : botMessageJson(edited).toString());
            } else if (method.equals("POST") && TYPING.matcher(path).matches()) {
                respond(exchange, 204, null);
            } else if (method.equals("PUT") && COMMANDS.matcher(path).matches()) {
                ArrayNode registered = json.createArrayNode();
                for (JsonNode c : body) {
                    ObjectNode copy = ((ObjectNode) c).deepCopy();
                    copy.put("id", commandId(c.path("name").asString())).put("application_id", String.valueOf(APPLICATION_ID))
                            .put("version", "1").put("type", c.path("type").asInt(1));
                    registered.add(copy);
                }
                respond(exchange, 200, registered.toString());
            } else if (method.equals("POST") && (m = CALLBACK.matcher(path)).matches()) {
                callbacks.computeIfAbsent(m.group(2), t -> new CopyOnWriteArrayList<>()).add(body);
                int type = body.path("type").asInt();
                if (type == 4) {
                    create(String.valueOf(CHANNEL_ID), body.path("data"), interactionMessages.computeIfAbsent(m.group(2),
                            t -> new ConcurrentHashMap<>()), ORIGINAL);
                }
                respond(exchange, 204, null);
            } else if (method.equals("DELETE") && (m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
                Map<String, SentMessage> responses = interactionMessages.computeIfAbsent(m.group(1), t -> new ConcurrentHashMap<>());
                deletedResponses.add(m.group(1) + "/" + m.group(2));
                responses.remove(m.group(2)); // a deferred response ("thinking…") can be deleted too
                respond(exchange, 204, null);
            } else if ((method.equals("PATCH") || method.equals("GET")) && (m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
                Map<String, SentMessage> responses = interactionMessages.computeIfAbsent(m.group(1), t -> new ConcurrentHashMap<>());
                String id = m.group(2);
                SentMessage edited = method.equals("GET") ? responses.get(id) : id.equals(ORIGINAL) && !responses.containsKey(ORIGINAL)
                        ? create(String.valueOf(CHANNEL_ID), body, responses, ORIGINAL) : edit(responses, id, body);
                respond(exchange, edited == null ? 404 : 200, edited == null
                        ? "{\"message\":\"Unknown Message\",\"code\":10008}" : botMessageJson(edited).toString());
            } else if (method.equals("POST") && (m = WEBHOOK.matcher(path)).matches()) {
                Map<String, SentMessage> responses = interactionMessages.computeIfAbsent(m.group(1), t -> new ConcurrentHashMap<>());
                respond(exchange, 200, botMessageJson(create(String.valueOf(CHANNEL_ID), body, responses, null)).toString());
            } else if (method.equals("POST") && DM_OPEN.matcher(path).matches()) {
                long recipient = Long.parseLong(body.path("recipient_id").asString());
                ObjectNode dm = json.createObjectNode();
                dm.put("id", dmChannel(recipient)).put("type", 1).putNull("last_message_id");
                dm.putArray("recipients").add(user(recipient, "user" + recipient, false));
                respond(exchange, 200, dm.toString());
            } else if (method.equals("GET") && (m = USER.matcher(path)).matches()) {
                respond(exchange, 200, user(Long.parseLong(m.group(1)), "user" + m.group(1), false).toString());
            } else {
                respond(exchange, 404, "{\"message\":\"404: Not Found\",\"code\":0}");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            respond(exchange, 500, "{\"message\":\"fake failed: " + e + "\",\"code\":0}");
        }
    }

    /** Whether this call is one a test asked to be rate limited; each such ask is used once. */
    private boolean takeRateLimit(String method, String path) {
        for (String limit : rateLimited) {
            int space = limit.indexOf(' ');
            if (limit.substring(0, space).equals(method) && Pattern.matches(limit.substring(space + 1), path)
                    && rateLimited.remove(limit)) {
                rateLimitsAnswered.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** JSON, or the payload_json part of a multipart body (JDA sends messages with components that way at times). */
    /** A file the bot uploaded with a message (multipart: payload_json and files[n], as Discord takes them). */
    public record Upload(String path, String fileName, byte[] bytes, String content) {
    }

    private final List<Upload> uploads = new CopyOnWriteArrayList<>();

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    private JsonNode readBody(byte[] raw, String contentType, String path) {
        if (contentType != null && contentType.startsWith("multipart/")) {
            Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
            if (!b.find()) {
                throw new IllegalArgumentException("multipart without a boundary");
            }
            Map<String, byte[]> parts = new java.util.HashMap<>();
            Map<String, String> names = new java.util.HashMap<>();
            Multipart.parse(raw, b.group(1), parts, names);
            JsonNode payload = json.readTree(new String(parts.getOrDefault("payload_json", "{}".getBytes()), StandardCharsets.UTF_8));
            names.forEach((part, file) -> uploads.add(new Upload(path, file, parts.get(part), payload.path("content").asString(""))));
            return payload;
        }
        return json.readTree(new String(raw, StandardCharsets.UTF_8));
    }

    private SentMessage create(String channelId, JsonNode body, Map<String, SentMessage> into, String fixedId) {
        String content = body.path("content").asString("");
        if (content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("content over " + MAX_CONTENT + " characters: " + content.length());
        }
        String id = String.valueOf(snowflake());
        String replyTo = body.path("message_reference").path("message_id").asString(null);
        SentMessage sent = new SentMessage(channelId, id, content, 0, body.get("components"), body.get("allowed_mentions"), replyTo);
        into.put(fixedId != null ? fixedId : id, sent);
        if (into == messages) {
            messageOrder.add(id);
        }
        return sent;
    }

    private SentMessage edit(Map<String, SentMessage> in, String id, JsonNode body) {
        SentMessage old = in.get(id);
        if (old == null) {
            return null;
        }
        String content = body.has("content") ? body.path("content").asString("") : old.content();
        if (content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("content over " + MAX_CONTENT + " characters: " + content.length());
        }
        JsonNode components = body.has("components") ? body.get("components") : old.components();
        SentMessage edited = new SentMessage(old.channelId(), old.id(), content, old.edits() + 1, components,
                body.has("allowed_mentions") ? body.get("allowed_mentions") : old.allowedMentions(), old.replyTo());
        in.put(id, edited); // by the key it was found under: "@original" stays the original
        return edited;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
