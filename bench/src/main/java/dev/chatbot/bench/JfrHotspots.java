package dev.chatbot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** The methods the bot's CPU samples landed in most, from its JFR recording. */
final class JfrHotspots {

    private JfrHotspots() {
    }

    /** Top {@code n} "Class.method" by share of execution samples (top frame) between two moments, in percent. */
    static Map<String, Double> top(Path recording, int n, Instant from, Instant to) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            RecordedFrame top = frames.getFirst();
            String name = top.getMethod().getType().getName() + "." + top.getMethod().getName();
            counts.merge(name, 1, Integer::sum);
            total++;
        }
        int all = total;
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
                .forEach(en -> out.put(en.getKey(), 100.0 * en.getValue() / all));
        return out;
    }
}
