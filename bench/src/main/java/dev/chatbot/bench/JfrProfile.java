package dev.chatbot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the bot's JFR recording says about one measured wave: the methods its CPU samples landed in
 * most, how the samples of virtual threads divide among the thread groups (Linux sees only their
 * carriers), and the collector's pauses.
 */
record JfrProfile(Map<String, Double> hotspots, Map<String, Integer> virtualSamplesByGroup,
                  int gcCount, Duration gcPauses, Duration longestGcPause) {

    static final JfrProfile NONE = new JfrProfile(Map.of(), Map.of(), 0, Duration.ZERO, Duration.ZERO);

    /** @param top how many "Class.method" (top frame) to keep, by share of execution samples in percent */
    static JfrProfile read(Path recording, int top, Instant from, Instant to) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> virtual = new LinkedHashMap<>();
        int total = 0;
        int gcCount = 0;
        Duration pauses = Duration.ZERO;
        Duration longest = Duration.ZERO;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                        continue;
                    }
                    List<RecordedFrame> frames = e.getStackTrace().getFrames();
                    RecordedFrame frame = frames.getFirst();
                    counts.merge(frame.getMethod().getType().getName() + "." + frame.getMethod().getName(), 1, Integer::sum);
                    total++;
                    RecordedThread thread = e.getThread("sampledThread");
                    if (thread != null && thread.isVirtual()) {
                        virtual.merge(ThreadGroups.of(thread.getJavaName()), 1, Integer::sum);
                    }
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    Duration pause = e.getDuration("sumOfPauses");
                    pauses = pauses.plus(pause);
                    longest = pause.compareTo(longest) > 0 ? pause : longest;
                }
                default -> {
                }
            }
        }
        int all = Math.max(1, total);
        Map<String, Double> hot = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(en -> hot.put(en.getKey(), 100.0 * en.getValue() / all));
        return new JfrProfile(hot, virtual, gcCount, pauses, longest);
    }

    /**
     * CPU per group with the carriers' time given to the groups whose virtual threads ran on them,
     * in proportion to their samples; the carriers' own time stays when no sample says more.
     */
    Map<String, Double> splitCarriers(Map<String, Double> millisByGroup) {
        double carriers = millisByGroup.getOrDefault(ThreadGroups.VIRTUAL, 0.0);
        int samples = virtualSamplesByGroup.values().stream().mapToInt(Integer::intValue).sum();
        if (carriers == 0 || samples == 0) {
            return millisByGroup;
        }
        Map<String, Double> out = new LinkedHashMap<>(millisByGroup);
        out.remove(ThreadGroups.VIRTUAL);
        virtualSamplesByGroup.forEach((group, n) -> out.merge(group, carriers * n / samples, Double::sum));
        return out;
    }
}
