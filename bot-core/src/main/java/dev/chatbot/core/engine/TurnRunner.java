package dev.chatbot.core.engine;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.ContextTrimmer;
import dev.chatbot.core.history.MessageTooLongException;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.StreamListener;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.settings.ChatSettings;
import dev.chatbot.core.settings.SettingsStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer: history and settings (read together), context trimmed to the model's window,
 * the provider's stream pumped into the reply, and the exchange appended to history.
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
    private final TokenCounter tokens;
    private final ContextTrimmer trimmer;
    private final Texts texts;
    private final FailureMessages failures;

    TurnRunner(EngineSettings settings, ChatStore chats, SettingsStore chatSettings, ModelCatalog catalog,
               ProviderRegistry providers, TokenCounter tokens, Texts texts) {
        this.settings = settings;
        this.chats = chats;
        this.chatSettings = chatSettings;
        this.catalog = catalog;
        this.providers = providers;
        this.tokens = tokens;
        this.trimmer = new ContextTrimmer(tokens);
        this.texts = texts;
        this.failures = new FailureMessages(texts);
    }

    void run(InboundMessage message, String text, ReplyChannel channel) {
        String lang = message.language();
        ChatKey chat = message.chat();
        List<ChatMessage> history;
        ChatSettings chosen;
        try {
            // issued together, so Lettuce pipelines them: one round trip
            CompletableFuture<List<ChatMessage>> h = chats.history(chat).toCompletableFuture();
            CompletableFuture<ChatSettings> s = chatSettings.settings(chat).toCompletableFuture();
            history = h.get();
            chosen = s.get();
        } catch (ExecutionException e) {
            log.warn("Storage unavailable for chat {}: {}", chat.id(), rootMessage(e));
            channel.send(texts.get(lang, "error.storage"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }

        ModelInfo model = catalog.resolve(chosen.model());
        LlmProvider provider = providers.find(model.provider()).orElse(null);
        if (provider == null) {
            log.warn("No provider '{}' configured for model {}", model.provider(), model.id());
            channel.send(texts.get(lang, "error.no.provider", model.id()));
            return;
        }
        ChatMessage user = ChatMessage.user(message.isDirect() ? text : "[" + message.sender().speakerName() + "] " + text);
        ChatMessage system = ChatMessage.system(systemPrompt(chosen, message));
        List<ChatMessage> prompt;
        try {
            prompt = trimmer.trim(system, history, user, model.promptBudget());
        } catch (MessageTooLongException e) {
            channel.send(texts.get(lang, "too.long", e.tokens(), e.budget()));
            return;
        }

        channel.typing();
        long started = System.nanoTime();
        StreamOutcome outcome = stream(provider, new LlmRequest(model.upstreamName(), prompt, model.maxOutputTokens()), channel);
        String answer = outcome.text();
        Reply reply = outcome.reply();
        if (Thread.currentThread().isInterrupted()) {
            // the app is stopping: say nothing and save nothing, the message is answered after the restart
            reply.abandon();
            log.info("Answer in chat {} abandoned: the app is stopping", chat.id());
            return;
        }

        if (outcome.error() == null) {
            if (answer.isBlank()) {
                reply.fail(texts.get(lang, "empty.answer"));
                return;
            }
            reply.finish(answer);
        } else {
            reply.fail(failures.describe(outcome.error(), model.id(), lang));
            log.warn("Answer failed: chat={} provider={} model={} error={} detail={}", chat.id(), provider.name(),
                    model.id(), outcome.error().getClass().getSimpleName(), outcome.error().getMessage());
        }
        if (!answer.isBlank()) {
            Usage usage = outcome.completion() != null && outcome.completion().usage() != null
                    ? outcome.completion().usage()
                    : new Usage(tokens.count(prompt), tokens.count(answer), true);
            log.info("Answered chat={} model={} in={} out={}{} ms={}", chat.id(), model.id(), usage.inputTokens(),
                    usage.outputTokens(), usage.estimated() ? " (estimated)" : "",
                    (System.nanoTime() - started) / 1_000_000);
            try {
                chats.append(chat, List.of(user, ChatMessage.assistant(answer))).toCompletableFuture().get();
            } catch (ExecutionException e) {
                log.warn("Could not save history of chat {}: {}", chat.id(), rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String systemPrompt(ChatSettings chosen, InboundMessage message) {
        String base = chosen.systemPrompt() != null ? chosen.systemPrompt() : settings.systemPrompt();
        return message.isDirect() ? base : base + GROUP_NOTE;
    }

    private record StreamOutcome(Reply reply, String text, Completion completion, LlmException error) {
    }

    private StreamOutcome stream(LlmProvider provider, LlmRequest request, ReplyChannel channel) {
        Reply reply = channel.open();
        StringBuilder text = new StringBuilder();
        CompletableFuture<Completion> result = new CompletableFuture<>();
        StreamHandle handle = provider.stream(request, new StreamListener() {
            @Override
            public void onPartial(String delta) {
                String soFar;
                synchronized (text) {
                    text.append(delta);
                    soFar = text.toString();
                }
                reply.update(soFar);
            }

            @Override
            public void onComplete(Completion completion) {
                result.complete(completion);
            }

            @Override
            public void onError(LlmException error) {
                result.completeExceptionally(error);
            }
        });
        Completion completion = null;
        LlmException error = null;
        try {
            completion = result.get(settings.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            error = e.getCause() instanceof LlmException l ? l
                    : new LlmException.Unavailable(provider.name(), rootMessage(e), e.getCause());
        } catch (TimeoutException e) {
            handle.cancel();
            error = new LlmException.Timeout(provider.name(), "answer took longer than " + settings.turnTimeout());
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            error = new LlmException.Interrupted(provider.name(), "interrupted", e);
        }
        String answer;
        synchronized (text) {
            answer = text.toString();
        }
        return new StreamOutcome(reply, answer, completion, error);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
