package dev.chatbot.wechat.spring;

import dev.chatbot.wechat.TokenReadiness;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * "wechat" in /actuator/health and its readiness group: DOWN while an account that calls the API
 * (a service account's customer-service messages, a WeCom app's message/send) gets no access
 * token, with WeChat's reason (40125 invalid appsecret, 40013 invalid appid, ...).
 */
class WeChatHealthIndicator implements HealthIndicator {

    private final TokenReadiness readiness;

    WeChatHealthIndicator(TokenReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Health health() {
        TokenReadiness.Status status = readiness.status();
        return (status.ready() ? Health.up() : Health.down()).withDetail("detail", status.detail()).build();
    }
}
