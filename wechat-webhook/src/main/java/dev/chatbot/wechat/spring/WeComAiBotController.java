package dev.chatbot.wechat.spring;

import dev.chatbot.wechat.WeComAiBot;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET (the admin console's URL check) and POST (messages) /webhook/wechat/wecom-bot: the WeCom AI bot. */
@RestController
class WeComAiBotController {

    private final WeComAiBot weComAiBot;

    WeComAiBotController(WeComAiBot weComAiBot) {
        this.weComAiBot = weComAiBot;
    }

    @GetMapping("/webhook/wechat/wecom-bot")
    ResponseEntity<String> verify(@RequestParam Map<String, String> query) {
        return CallbackHttp.http(weComAiBot.verifyUrl(query));
    }

    @PostMapping("/webhook/wechat/wecom-bot")
    ResponseEntity<String> receive(@RequestParam Map<String, String> query, InputStream body) throws IOException {
        Optional<String> text = CallbackHttp.body(body, "WeCom AI bot");
        if (text.isEmpty()) {
            return CallbackHttp.tooLarge();
        }
        return CallbackHttp.http(weComAiBot.receive(query, text.get()));
    }
}
