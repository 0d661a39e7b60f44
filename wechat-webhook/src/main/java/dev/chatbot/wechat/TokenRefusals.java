package dev.chatbot.wechat;

import java.util.Map;

/** Why WeChat or WeCom would not issue an access token, said shortly, for readiness and the log. */
final class TokenRefusals {

    /** The errcodes a misconfigured account gets from the token endpoints, as WeChat's and WeCom's docs name them. */
    private static final Map<Integer, String> KNOWN = Map.of(
            40001, "invalid credential: the AppSecret or corp secret is wrong",
            40013, "invalid appid: the AppID or CorpID is wrong",
            40125, "invalid appsecret: the AppSecret is wrong",
            40164, "this server's IP address is not on the account's IP whitelist",
            60020, "this server's IP address is not on the app's trusted IP list",
            40243, "the AppSecret is frozen",
            41004, "the secret is missing");

    private TokenRefusals() {
    }

    static String explain(WxApiException e) {
        if (e.errcode() == -1) {
            return e.getMessage();
        }
        String known = KNOWN.get(e.errcode());
        return "errcode " + e.errcode() + " " + (known != null ? known : e.getMessage());
    }
}
