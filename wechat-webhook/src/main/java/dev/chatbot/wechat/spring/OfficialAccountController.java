package dev.chatbot.wechat.spring;

import dev.chatbot.wechat.OfficialAccount;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET (the admin console's URL check) and POST (messages) /webhook/wechat/mp: the WeChat Official Account. */
@RestController
class OfficialAccountController {

    private final OfficialAccount officialAccount;

    OfficialAccountController(OfficialAccount officialAccount) {
        this.officialAccount = officialAccount;
    }

    @GetMapping("/webhook/wechat/mp")
    ResponseEntity<String> verify(@RequestParam Map<String, String> query) {
        return CallbackHttp.http(officialAccount.verifyUrl(query));
    }

    @PostMapping("/webhook/wechat/mp")
    ResponseEntity<String> receive(@RequestParam Map<String, String> query, InputStream body) throws IOException {
        Optional<String> text = CallbackHttp.body(body, "WeChat Official Account");
        if (text.isEmpty()) {
            return CallbackHttp.tooLarge();
        }
        try {
            return CallbackHttp.http(officialAccount.receive(query, text.get()));
        } catch (InterruptedException e) {
            return CallbackHttp.interrupted();
        }
    }
}
