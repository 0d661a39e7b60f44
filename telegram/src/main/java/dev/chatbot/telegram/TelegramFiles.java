package dev.chatbot.telegram;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.net.AddressGuard;
import dev.chatbot.core.net.FetchException;
import dev.chatbot.core.net.GuardedFetch;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;

/**
 * Downloads what users sent: getFile names the file's path, and the bytes come from
 * {@code <BOT_TELEGRAM_API_URL>/file/bot<token>/<file_path>}, built here because telegrambots' own
 * downloadFile always goes to the official host (a local Bot API server or a test fake would be
 * bypassed). Through core's {@link GuardedFetch}, like every download.
 */
final class TelegramFiles {

    private final TelegramApi api;
    private final URI apiUrl;
    private final String token;
    private final GuardedFetch fetch;

    TelegramFiles(TelegramApi api, URI apiUrl, String token) {
        this.api = api;
        this.apiUrl = apiUrl;
        this.token = token;
        this.fetch = new GuardedFetch(new AddressGuard(Set.of(apiUrl)), Duration.ofSeconds(30));
    }

    Attachment.Download download(String fileId) {
        return maxBytes -> {
            File file;
            try {
                file = api.call(GetFile.builder().fileId(fileId).build());
            } catch (TelegramCallException e) {
                // Telegram's answer for files bots may not download: "Bad Request: file is too big"
                throw new FetchException(e.getMessage() != null && e.getMessage().contains("too big")
                        ? FetchException.Reason.TOO_LARGE : FetchException.Reason.REFUSED, "getFile: " + e.getMessage());
            }
            if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
                throw new FetchException(FetchException.Reason.TOO_LARGE, file.getFileSize() + " bytes");
            }
            String base = apiUrl.toString().endsWith("/") ? apiUrl.toString() : apiUrl + "/";
            return fetch.get(URI.create(base + "file/bot" + token + "/" + file.getFilePath()), Map.of(), maxBytes).body();
        };
    }
}
