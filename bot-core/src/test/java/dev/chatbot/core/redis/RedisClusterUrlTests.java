package dev.chatbot.core.redis;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisClusterUrlTests {

    @Test
    void a_cluster_url_names_its_seed_nodes_which_share_the_credentials() {
        assertThat(RedisConnection.seeds("redis-cluster://:s3cret@10.0.0.1:7000, 10.0.0.2:7001/"))
                .extracting(u -> u.getHost() + ":" + u.getPort() + " " + new String(u.getCredentialsProvider()
                        .resolveCredentials().block().getPassword()))
                .containsExactly("10.0.0.1:7000 s3cret", "10.0.0.2:7001 s3cret");
        assertThat(RedisConnection.redact("redis-cluster://:s3cret@10.0.0.1:7000,10.0.0.2:7001"))
                .isEqualTo("redis-cluster://***@10.0.0.1:7000,10.0.0.2:7001");
    }

    @Test
    void a_cluster_url_without_nodes_is_refused_with_the_setting_named() {
        assertThatThrownBy(() -> RedisConnection.connect("redis-cluster://", Duration.ofSeconds(1)))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("BOT_REDIS_URL is not a valid Redis URL");
    }
}
