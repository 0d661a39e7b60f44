package dev.chatbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadGroupsTests {

    @Test
    void platform_threads_as_linux_cuts_their_names_and_virtual_threads_as_jfr_names_them() {
        assertThat(ThreadGroups.of("HttpClient-1-Wo")).isEqualTo(ThreadGroups.LLM);
        assertThat(ThreadGroups.of("llm-openai")).isEqualTo(ThreadGroups.LLM);
        assertThat(ThreadGroups.of("reply-pump")).isEqualTo(ThreadGroups.PUMP);
        assertThat(ThreadGroups.of("OkHttp TaskRunn")).isEqualTo(ThreadGroups.TELEGRAM);
        assertThat(ThreadGroups.of("telegram-http-7")).isEqualTo(ThreadGroups.TELEGRAM);
        assertThat(ThreadGroups.of("lettuce-nioEven")).isEqualTo(ThreadGroups.REDIS);
        assertThat(ThreadGroups.of("turn-12")).isEqualTo(ThreadGroups.TURNS);
        assertThat(ThreadGroups.of("VM Thread")).isEqualTo(ThreadGroups.GC);
        assertThat(ThreadGroups.of("C2 CompilerThre")).isEqualTo(ThreadGroups.JIT);
        assertThat(ThreadGroups.of("ForkJoinPool-1-")).isEqualTo(ThreadGroups.VIRTUAL);
        assertThat(ThreadGroups.of("")).isEqualTo(ThreadGroups.OTHER);
    }

    @Test
    void carriers_time_goes_to_the_groups_whose_virtual_threads_were_sampled() {
        JfrProfile profile = new JfrProfile(Map.of(), Map.of(ThreadGroups.LLM, 3, ThreadGroups.PUMP, 1),
                0, Duration.ZERO, Duration.ZERO);
        var split = profile.splitCarriers(Map.of(ThreadGroups.VIRTUAL, 8.0, ThreadGroups.LLM, 1.0, ThreadGroups.GC, 2.0));
        assertThat(split).containsOnly(Map.entry(ThreadGroups.LLM, 7.0), Map.entry(ThreadGroups.PUMP, 2.0),
                Map.entry(ThreadGroups.GC, 2.0));
    }
}
