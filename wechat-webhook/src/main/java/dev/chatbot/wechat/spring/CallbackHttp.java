package dev.chatbot.wechat.spring;

import dev.chatbot.wechat.WxResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What the three callback controllers share: a capped body, and WxResponse as HTTP. */
final class CallbackHttp {

    /** WeChat's callbacks are a few kilobytes; anything near this is not WeChat. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(CallbackHttp.class);

    private CallbackHttp() {
    }

    /** The body as UTF-8, or empty when it is over the cap (nothing more of it is read). */
    static Optional<String> body(InputStream in, String endpoint) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            log.warn("{} callback refused: the body is over {} bytes", endpoint, MAX_BODY_BYTES);
            return Optional.empty();
        }
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    static ResponseEntity<String> http(WxResponse response) {
        return ResponseEntity.status(response.status()).contentType(MediaType.parseMediaType(response.contentType()))
                .body(response.body());
    }

    static ResponseEntity<String> tooLarge() {
        return http(WxResponse.badRequest("the body is over 1 MB"));
    }

    /** The thread was interrupted while waiting for an answer (the app is stopping): WeChat retries. */
    static ResponseEntity<String> interrupted() {
        Thread.currentThread().interrupt();
        return http(WxResponse.unavailable());
    }
}
