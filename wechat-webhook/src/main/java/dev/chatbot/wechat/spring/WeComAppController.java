package dev.chatbot.wechat.spring;

import dev.chatbot.wechat.WeComApp;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET (the admin console's URL check) and POST (messages) /webhook/wechat/wecom: the WeCom app. */
@RestController
class WeComAppController {

    private final WeComApp weComApp;

    WeComAppController(WeComApp weComApp) {
        this.weComApp = weComApp;
    }

    @GetMapping("/webhook/wechat/wecom")
    ResponseEntity<String> verify(@RequestParam Map<String, String> query) {
        return CallbackHttp.http(weComApp.verifyUrl(query));
    }

    @PostMapping("/webhook/wechat/wecom")
    ResponseEntity<String> receive(@RequestParam Map<String, String> query, InputStream body) throws IOException {
        Optional<String> text = CallbackHttp.body(body, "WeCom app");
        if (text.isEmpty()) {
            return CallbackHttp.tooLarge();
        }
        try {
            return CallbackHttp.http(weComApp.receive(query, text.get()));
        } catch (InterruptedException e) {
            return CallbackHttp.interrupted();
        }
    }
}
