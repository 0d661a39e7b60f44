package dev.chatbot.core.engine;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.ContextTrimmer;
import dev.chatbot.core.history.MessageTooLongException;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.history.TurnLease;
import dev.chatbot.core.history.TurnStart;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.limits.QuotaTurn;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.StreamListener;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.core.media.MediaRefusedException;
import dev.chatbot.core.media.MediaSupport;
import dev.chatbot.core.media.Photos;
import dev.chatbot.core.media.Voice;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.reply.Typing;
import dev.chatbot.core.settings.ChatSettings;
import dev.chatbot.core.settings.SettingsStore;
import dev.chatbot.core.tools.ToolsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer: history and settings (read together), context trimmed to the model's window,
 * the provider's stream pumped into the reply (falling back to other models while nothing has
 * been shown), and the exchange appended to history, partial answers included.
 */
final class TurnRunner {

    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);

    static final String GROUP_NOTE = "\n\nThis is a group chat. Each user message starts with the "
            + "speaker's name in square brackets; tell the speakers apart and answer the latest one.";

    private final EngineSettings settings;
    private final ChatStore chats;
    private final SettingsStore chatSettings;
    private final ModelCatalog catalog;
    private final ProviderRegistry providers;
    private final FallbackChain fallbacks;
    private final TokenCounter tokens;
    private final ContextTrimmer trimmer;
    private final Texts texts;
    private final EndNotes notes;
    private final ActiveTurns active;
    private final TurnObserver observer;
    private final FairUse fairUse;
    private final TurnLocks locks;
    private final ToolsSetup tools;
    /** Null when pictures are switched off. */
    private final Photos photos;
    /** Null when voice is switched off. */
    private final Voice voice;

    TurnRunner(EngineSettings settings, ChatStore chats, SettingsStore chatSettings, ModelCatalog catalog,
               ProviderRegistry providers, FallbackChain fallbacks, TokenCounter tokens, Texts texts, ActiveTurns active,
               FairUse fairUse, TurnObserver observer, MediaSupport media, ToolsSetup tools) {
        this.photos = media.photos();
        this.voice = media.voice();
        this.settings = settings;
        this.chats = chats;
        this.chatSettings = chatSettings;
        this.catalog = catalog;
        this.providers = providers;
        this.fallbacks = fallbacks;
        this.tokens = tokens;
        this.trimmer = new ContextTrimmer(tokens);
        this.texts = texts;
        this.notes = new EndNotes(texts);
        this.active = active;
        this.observer = observer;
        this.fairUse = fairUse;
        this.locks = new TurnLocks(chats, settings, observer);
        this.tools = tools;
    }

    /** Stops renewing locks: the app is stopping, and what still runs lets its locks expire. */
    void close() {
        locks.close();
    }

    /** Answers a new question. */
    void run(InboundMessage message, String text, ReplyChannel channel) {
        ChatMessage user = ChatMessage.user(message.isDirect() ? text : "[" + message.sender().speakerName() + "] " + text);
        answer(message, channel, history -> Optional.of(Question.asked(user)));
    }

    /** The quoted transcript of a voice message is cut here: the user said it, they need only recognise it. */
    static final int TRANSCRIPT_SHOWN = 300;

    /**
     * Answers a voice message: transcribed, the transcript shown to the user (quoted, short), then answered
     * as if typed, the transcript going into history as the user's words.
     */
    void runVoice(InboundMessage message, ReplyChannel channel) {
        String lang = message.language();
        if (voice == null) {
            channel.send(texts.get(lang, "voice.off"));
            return;
        }
        Attachment recording = message.attachments().stream()
                .filter(a -> a.type() == Attachment.Type.VOICE).findFirst().orElseThrow();
        QuotaTurn quota = fairUse.begin(message.senderRef(), lang);
        Optional<String> refusal = quota.reserveCharge("transcription:" + voice.model(), voice.price(recording));
        if (refusal.isPresent()) {
            channel.send(refusal.get());
            return;
        }
        String transcript;
        try (Typing typing = channel.typing()) {
            transcript = voice.transcribe(recording);
        } catch (MediaRefusedException e) {
            quota.settleCharge(false).join();
            log.info("Voice message refused in chat {}: {}", message.chat().id(), e.getMessage());
            channel.send(texts.get(lang, e.textKey(), e.args()));
            return;
        }
        quota.settleCharge(true).join().ifPresent(channel::send);
        String shown = transcript.length() <= TRANSCRIPT_SHOWN ? transcript
                : transcript.substring(0, TRANSCRIPT_SHOWN).strip() + "…";
        channel.send(texts.get(lang, "voice.heard", shown));
        String caption = message.text() == null || message.text().isBlank() ? "" : message.text().strip() + "\n\n";
        run(message, caption + transcript, channel);
    }

    /**
     * Answers the chat's last question again, replacing the answer it had. The question is picked from the
     * history the turn's lock read, and the old exchange is replaced in the turn's fenced history write, so
     * a /retry taken by one replica while another answers in the chat retries that answer, after it ends.
     */
    void retry(InboundMessage message, ReplyChannel channel) {
        answer(message, channel, Question::retried);
    }

    /**
     * Runs a command that writes the chat's state while holding the chat's turn lock, in the chat's order
     * on every replica (see {@link dev.chatbot.core.commands.CommandSpec.Timing#HOLDS_CHAT}).
     */
    void holdingChat(InboundMessage message, ReplyChannel channel, java.util.function.Consumer<TurnLease> command) {
        ChatKey chat = message.chat();
        String eventId = channel.journal().eventId();
        CompletableFuture<TurnStart> t = locks.askLock(chat, eventId);
        if (!awaitStorage(message, channel, t)) {
            return;
        }
        Optional<TurnStart> start = awaitTurn(message, channel, t.join(), false);
        if (start.isEmpty()) {
            return;
        }
        TurnLease lease = start.get().lease();
        try (TurnLocks.Renewal kept = locks.keep(chat, lease, () -> { })) {
            command.accept(lease);
        } finally {
            locks.end(chat, lease); // a write that ended the turn already let go: then this does nothing
        }
    }

    /** The turn's lock could not be kept: it stops streaming, so no other replica's answer runs beside it. */
    private static void stopLost(ActiveTurns.Turn turn) {
        if (turn != null) {
            turn.lose();
        }
    }

    /** The chat's turn, waited for; empty (the user told why) when storage failed or the chat stayed busy. */
    private Optional<TurnStart> awaitTurn(InboundMessage message, ReplyChannel channel, TurnStart first, boolean withHistory) {
        String lang = message.language();
        ChatKey chat = message.chat();
        Optional<TurnStart> start;
        try {
            start = locks.await(chat, channel.journal().eventId(), first, withHistory);
        } catch (ExecutionException e) {
            log.warn("Storage unavailable for chat {}: {}", chat.id(), RootCause.describe(e));
            channel.send(texts.get(lang, "error.storage"));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (start.isEmpty()) {
            channel.send(texts.get(lang, "chat.busy"));
        }
        return start;
    }

    private void answer(InboundMessage message, ReplyChannel channel,
                        java.util.function.Function<List<ChatMessage>, Optional<Question>> pick) {
        ChatKey chat = message.chat();
        String eventId = channel.journal().eventId();
        QuotaTurn quota = fairUse.begin(message.senderRef(), message.language()); // its read shares the round trip below
        // issued together, so Lettuce pipelines them: one round trip, the chat's turn lock included
        CompletableFuture<TurnStart> t = locks.ask(chat, eventId);
        CompletableFuture<ChatSettings> s = chatSettings.settings(chat).toCompletableFuture();
        if (!awaitStorage(message, channel, t, s)) {
            return;
        }
        Optional<TurnStart> start = awaitTurn(message, channel, t.join(), true);
        if (start.isEmpty()) {
            return;
        }
        if (!t.join().isTaken()) {
            // it waited: a /model or /system ordered before it may have changed the settings meanwhile
            s = chatSettings.settings(chat).toCompletableFuture();
            if (!awaitStorage(message, channel, s)) {
                locks.end(chat, start.get().lease());
                return;
            }
        }
        TurnLease lease = start.get().lease();
        boolean ended = false;
        try {
            Optional<Question> question = pick.apply(start.get().history());
            if (question.isEmpty()) {
                channel.send(texts.get(message.language(), "retry.nothing"));
                return;
            }
            // the answer streaming under the lock, once it does: what giving the lock up stops
            AtomicReference<ActiveTurns.Turn> running = new AtomicReference<>();
            try (TurnLocks.Renewal kept = locks.keep(chat, lease, () -> stopLost(running.get()))) {
                ended = answerInTurn(message, question.get(), channel, quota, s.join(),
                        question.get().before(start.get().history()), lease, running);
            }
        } finally {
            if (!ended) {
                locks.end(chat, lease);
            }
        }
    }

    /** @return true when the turn ended with its history write, which also let go of the chat */
    private boolean answerInTurn(InboundMessage message, Question question, ReplyChannel channel, QuotaTurn quota,
                                 ChatSettings chosen, List<ChatMessage> history, TurnLease lease,
                                 AtomicReference<ActiveTurns.Turn> running) {
        ChatMessage user = question.user();
        String lang = message.language();
        ChatKey chat = message.chat();
        ChatMessage system = ChatMessage.system(systemPrompt(chosen, message));
        List<ModelInfo> candidates = candidates(catalog.resolve(chosen.model()));
        if (candidates.isEmpty()) {
            log.warn("No provider configured for model {}", catalog.resolve(chosen.model()).id());
            channel.send(texts.get(lang, "error.no.provider", catalog.resolve(chosen.model()).id()));
            return false;
        }
        if (message.hasAttachment(Attachment.Type.IMAGE)) {
            Optional<ChatMessage> withPictures = takePictures(message, user, candidates.getFirst(), channel);
            if (withPictures.isEmpty()) {
                return false; // refused with a note, and no model call
            }
            user = withPictures.get();
        }
        if (photos != null && candidates.getFirst().vision()) {
            // the newest pictures of the conversation travel again; a model that cannot see gets "[image]"
            List<ChatMessage> all = new ArrayList<>(history);
            all.add(user);
            CompletableFuture<List<ChatMessage>> loaded = photos.recent().load(chat, all).toCompletableFuture();
            if (!awaitStorage(message, channel, loaded)) {
                return false;
            }
            history = loaded.join().subList(0, history.size());
            user = loaded.join().getLast();
            if (user.hasLoadedImages() || history.stream().anyMatch(ChatMessage::hasLoadedImages)) {
                candidates = candidates.stream().filter(ModelInfo::vision).toList(); // no fallback that cannot see
            }
        }
        // the question as the model sees it (pictures with their bytes) and as history keeps it (their references)
        question = new Question(user, question.replacing());
        List<ChatMessage> prompt;
        try {
            prompt = trimmer.trim(system, history, user, candidates.getFirst().promptBudget());
        } catch (MessageTooLongException e) {
            channel.send(texts.get(lang, "too.long", e.tokens(), e.budget()));
            return false;
        }
        if (quota.reservesInStorage()) {
            observer.storageRoundTrip();
        }
        Optional<String> refusal = quota.reserve(candidates.getFirst(), tokens.count(prompt));
        if (refusal.isPresent()) {
            observer.quotaRefused();
            channel.send(refusal.get());
            return false;
        }

        ToolSteps steps = toolSteps(message, chosen, candidates.getFirst());
        Typing typing = channel.typing();
        ActiveTurns.Turn turn = active.begin(chat);
        running.set(turn);
        observer.streaming(1);
        try {
            return runTurn(message, question, channel, system, history, candidates, turn, quota, typing, lease, steps);
        } finally {
            observer.streaming(-1);
            typing.close();
            active.end(chat, turn);
            observer.turnEnded();
        }
    }

    private boolean runTurn(InboundMessage message, Question question, ReplyChannel channel, ChatMessage system,
                            List<ChatMessage> history, List<ModelInfo> candidates, ActiveTurns.Turn turn, QuotaTurn quota,
                            Typing typing, TurnLease lease, ToolSteps steps) {
        Answer answer = new Answer(channel.open(), typing);
        answer.steps = steps;
        long started = System.nanoTime();
        answer.reply.whenShown(() -> observer.firstVisibleText(java.time.Duration.ofNanos(System.nanoTime() - started)));
        ModelInfo used = null;
        for (ModelInfo model : candidates) {
            used = model;
            stream(model, system, history, question.user(), answer, turn);
            if (answer.error == null || answer.hasText() || turn.isStopped()) {
                break;
            }
            if (model != candidates.getLast()) {
                log.warn("{} could not answer ({}); falling back", model.id(), answer.error.getMessage());
                answer.error = null;
            }
        }
        while (answer.error == null && !turn.isStopped() && answer.completion != null && answer.completion.wantsTools()
                && toolStep(message, answer, turn, quota, used)) {
            stream(used, system, history, question.user(), answer, turn);
        }
        typing.close(); // whatever shows from here on is the answer's end
        if (Thread.currentThread().isInterrupted()) {
            // the app is stopping: say nothing and save nothing, the message is answered after the restart
            answer.reply.abandon();
            quota.settle(null);
            log.info("Answer in chat {} abandoned: the app is stopping", message.chat().id());
            return false;
        }
        return finish(message, channel, question, answer, used, turn, started, quota, lease);
    }

    /**
     * The user's message with the pictures it came with, fetched, checked, scaled and kept; empty when they
     * were refused (the user has been told why: switched off, a model that cannot see, a bad picture).
     */
    private Optional<ChatMessage> takePictures(InboundMessage message, ChatMessage user, ModelInfo model,
                                               ReplyChannel channel) {
        String lang = message.language();
        if (photos == null) {
            channel.send(texts.get(lang, "photo.off"));
            return Optional.empty();
        }
        if (!model.vision()) {
            boolean admin = settings.isAdmin(message.sender(), message.chat().platform());
            List<String> seeing = catalog.choicesFor(message.senderRef(), admin).stream()
                    .filter(m -> m.vision() && providers.find(m.provider()).isPresent())
                    .map(ModelInfo::id).toList();
            channel.send(seeing.isEmpty() ? texts.get(lang, "photo.no.vision.none", model.id())
                    : texts.get(lang, "photo.no.vision", model.id(), String.join(", ", seeing)));
            return Optional.empty();
        }
        try (Typing typing = channel.typing()) {
            List<ChatMessage.Image> images = photos.take(message.chat(), message.attachments());
            return Optional.of(ChatMessage.user(user.text(), images));
        } catch (MediaRefusedException e) {
            log.info("Picture refused in chat {}: {}", message.chat().id(), e.getMessage());
            channel.send(texts.get(lang, e.textKey()));
            return Optional.empty();
        } catch (java.util.concurrent.CompletionException e) {
            log.warn("Storage unavailable for chat {}: {}", message.chat().id(), RootCause.describe(e));
            channel.send(texts.get(lang, "error.storage"));
            return Optional.empty();
        }
    }

    /** The chat's model, then its fallbacks, keeping only those whose provider is configured. */
    private List<ModelInfo> candidates(ModelInfo first) {
        List<ModelInfo> out = new ArrayList<>();
        if (providers.find(first.provider()).isPresent()) {
            out.add(first);
        }
        for (String id : fallbacks.after(first.id())) {
            catalog.find(id).filter(m -> providers.find(m.provider()).isPresent()).ifPresent(out::add);
        }
        return out;
    }

    /** Streams one model into the answer; a context-length error gets one more try, trimmed harder. */
    private void stream(ModelInfo model, ChatMessage system, List<ChatMessage> history, ChatMessage user,
                        Answer answer, ActiveTurns.Turn turn) {
        LlmProvider provider = providers.find(model.provider()).orElseThrow();
        int budget = model.promptBudget();
        for (int tries = 0; tries < 2; tries++) {
            List<ChatMessage> prompt;
            try {
                prompt = trimmer.trim(system, history, user, budget);
            } catch (MessageTooLongException e) {
                return; // an earlier try already reported the real error
            }
            answer.prompt = answer.steps.after(prompt);
            streamOnce(provider, new LlmRequest(model.upstreamName(), answer.prompt, model.maxOutputTokens(),
                    answer.steps.specs()), answer, turn);
            if (!(answer.error instanceof LlmException.ContextTooLong) || answer.hasText()) {
                return;
            }
            budget /= 2;
        }
    }

    private void streamOnce(LlmProvider provider, LlmRequest request, Answer answer, ActiveTurns.Turn turn) {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        answer.error = null;
        turn.streaming(provider.stream(request, new StreamListener() {
            @Override
            public void onPartial(String delta) {
                answer.append(delta);
            }

            @Override
            public void onComplete(Completion completion) {
                result.complete(completion);
            }

            @Override
            public void onError(LlmException error) {
                result.completeExceptionally(error);
            }
        }), () -> result.complete(null));
        try {
            answer.completion = result.get(settings.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            answer.error = e.getCause() instanceof LlmException l ? l
                    : new LlmException.Unavailable(provider.name(), RootCause.describe(e), e.getCause());
        } catch (TimeoutException e) {
            turn.stop();
            answer.error = new LlmException.Timeout(provider.name(), "answer took longer than " + settings.turnTimeout());
        } catch (InterruptedException e) {
            turn.stop();
            Thread.currentThread().interrupt();
            answer.error = new LlmException.Interrupted(provider.name(), "interrupted", e);
        }
    }

    /** @return true when the history write, which ends the turn, was issued */
    private boolean finish(InboundMessage message, ReplyChannel channel, Question question, Answer answer, ModelInfo model,
                           ActiveTurns.Turn turn, long started, QuotaTurn quota, TurnLease lease) {
        String lang = message.language();
        String text = answer.text();
        String saved = text;
        if (turn.isLost()) {
            answer.reply.finish(notes.failed(text, texts.get(lang, "turn.lost")));
            saved = notes.interruptedInHistory(text); // written only if no other replica's turn began since
        } else if (turn.isStopped()) {
            answer.reply.finish(notes.stopped(text, lang));
            saved = notes.stoppedInHistory(text);
        } else if (answer.error != null) {
            answer.reply.finish(notes.failed(text, notes.reason(answer.error, model.id(), lang)));
            log.warn("Answer failed: chat={} provider={} model={} error={} detail={}", message.chat().id(),
                    answer.error.provider(), model.id(), answer.error.getClass().getSimpleName(), answer.error.getMessage());
            saved = notes.interruptedInHistory(text);
        } else if (answer.toolNote != null) {
            answer.reply.finish(notes.failed(text, answer.toolNote));
            saved = text.isBlank() ? answer.toolNote : text;
        } else if (text.isBlank()) {
            answer.reply.finish(notes.failed(text, texts.get(lang, "empty.answer")));
        } else {
            answer.reply.finish(text);
        }
        if (saved.isBlank()) {
            quota.settle(null).join(); // nothing reached the user: the reservation goes back
            return false;
        }
        Usage usage = answer.completion != null && answer.completion.usage() != null
                ? answer.completion.usage()
                : new Usage(tokens.count(answer.prompt), tokens.count(text), true);
        CompletableFuture<Optional<String>> settled = quota.settle(usage); // awaited after the append: one round trip
        if (answer.firstTokenAt != 0) {
            observer.firstToken(java.time.Duration.ofNanos(answer.firstTokenAt - started));
        }
        observer.answered(model.id(), usage.inputTokens(), usage.outputTokens(),
                answer.error == null ? null : answer.error.getClass().getSimpleName());
        log.info("Answered chat={} model={} in={} out={}{} ms={}{}", message.chat().id(), model.id(), usage.inputTokens(),
                usage.outputTokens(), usage.estimated() ? " (estimated)" : "", (System.nanoTime() - started) / 1_000_000,
                turn.isStopped() ? " stopped" : answer.error != null ? " interrupted" : "");
        List<ChatMessage> exchange = List.of(question.user(), answer.steps.inHistory(saved));
        // the write below lets the lock go: a renewal answered after it must not take the turn for lost
        locks.stopRenewing(message.chat(), lease);
        try {
            observer.storageRoundTrip();
            // the journal (the inbox's) notes the answer complete in the same round trip, and keeps
            // trying in the background if Redis is away, so a restart neither loses nor repeats it
            // fenced: a turn that stalled past its lease writes nothing once a newer turn of the chat began
            channel.journal().complete(saved, () -> chats.appendAndEnd(message.chat(), question.replacing(), exchange, lease)
                    .thenAccept(written -> {
                        if (!written) {
                            log.warn("Not saving the answer in chat {}: a newer turn began there while it ran",
                                    message.chat().id());
                            observer.turnLockLost();
                        }
                    })).get();
        } catch (ExecutionException e) {
            log.warn("Could not save history of chat {} yet: {}", message.chat().id(), RootCause.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        settled.join().ifPresent(channel::send);
        return true;
    }

    /** The tools this turn may offer: none for a model that cannot call them. */
    private ToolSteps toolSteps(InboundMessage message, ChatSettings chosen, ModelInfo model) {
        if (!tools.isEnabled() || !model.tools()) {
            return ToolSteps.none();
        }
        boolean admin = settings.isAdmin(message.sender(), message.chat().platform());
        return new ToolSteps(tools, tools.toolbox().usable(message.senderRef(), admin, chosen.tools()));
    }

    /**
     * Runs the calls the model just asked for, after settling the step's tokens and reserving the
     * next step's; the reply shows what runs meanwhile.
     *
     * @return whether the model is to be asked again; false when a limit ended the loop (said in the answer's note)
     */
    private boolean toolStep(InboundMessage message, Answer answer, ActiveTurns.Turn turn, QuotaTurn quota, ModelInfo model) {
        String lang = message.language();
        String limit = answer.steps.limitReached();
        if (limit != null) {
            log.info("Tool loop in chat {} ended: {}", message.chat().id(), limit);
            answer.toolNote = answer.steps.limitNote(texts, lang, limit);
            return false;
        }
        Completion step = answer.completion;
        // every step is metered: what this one used is settled, the next one reserved (the turn stays one request)
        quota.settle(step.usage() != null ? step.usage()
                : new Usage(tokens.count(answer.prompt), tokens.count(answer.text()), true)).join();
        answer.show(answer.steps.showing(step.toolCalls(), texts, lang));
        try {
            answer.steps.run(step.toolCalls(), answer.text(), batch -> turn.streaming(batch::cancel, () -> { }));
        } catch (InterruptedException e) {
            turn.stop();
            Thread.currentThread().interrupt();
            return false;
        }
        if (turn.isStopped()) {
            return false;
        }
        answer.paragraph();
        Optional<String> refusal = quota.reserve(model, tokens.count(answer.steps.after(answer.prompt)));
        if (refusal.isPresent()) {
            answer.toolNote = refusal.get();
            return false;
        }
        answer.completion = null;
        return true;
    }

    private String systemPrompt(ChatSettings chosen, InboundMessage message) {
        String base = chosen.systemPrompt() != null ? chosen.systemPrompt() : settings.systemPrompt();
        return message.isDirect() ? base : base + GROUP_NOTE;
    }

    /** The text so far of one answer, across fallbacks, and how its last attempt ended. */
    private static final class Answer {
        final Reply reply;
        private final Typing typing;
        private boolean spoken;
        /** System.nanoTime() of the first words; 0 before. */
        volatile long firstTokenAt;
        private final StringBuilder text = new StringBuilder();
        /** What runs now (tool steps), shown after the text until the model writes again. */
        private volatile String showing = "";
        private final java.util.function.Supplier<String> snapshot = this::shown;
        ToolSteps steps = ToolSteps.none();
        /** Why the tool loop ended early, for the answer's end; null when it did not. */
        String toolNote;
        List<ChatMessage> prompt = List.of();
        Completion completion;
        LlmException error;

        Answer(Reply reply, Typing typing) {
            this.reply = reply;
            this.typing = typing;
        }

        /** Per token: an append and a nudge; the reply copies the text only when it shows it. */
        void append(String delta) {
            synchronized (text) {
                text.append(delta);
            }
            if (!spoken && !delta.isBlank()) {
                firstTokenAt = System.nanoTime();
                spoken = true; // the answer's first words: it shows now, so the typing sign has done its job
                typing.close();
            }
            if (!showing.isEmpty()) {
                showing = "";
            }
            // outside the lock: the reply's pump takes its own lock before calling text()
            reply.grow(snapshot);
        }

        /** Shows a line of what runs now below the text so far. */
        void show(String line) {
            showing = line;
            reply.grow(snapshot);
        }

        private String shown() {
            String now = showing;
            String said = text();
            return now.isEmpty() ? said : said.isBlank() ? now : said.stripTrailing() + "\n\n" + now;
        }

        /** What the model writes after a tool step starts a paragraph of its own. */
        void paragraph() {
            synchronized (text) {
                if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                    text.append("\n\n");
                }
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        boolean hasText() {
            synchronized (text) {
                return !text.isEmpty();
            }
        }
    }

    /** Waits for storage commands issued together (one round trip); on failure apologises and returns false. */
    private boolean awaitStorage(InboundMessage message, ReplyChannel channel, CompletableFuture<?>... futures) {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures);
        try {
            if (!all.isDone()) {
                observer.storageRoundTrip();
            }
            all.get();
            return true;
        } catch (ExecutionException e) {
            log.warn("Storage unavailable for chat {}: {}", message.chat().id(), RootCause.describe(e));
            channel.send(texts.get(message.language(), "error.storage"));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
