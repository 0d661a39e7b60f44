package dev.chatbot.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of each of a process's threads from /proc, between a start and the last sample, grouped
 * by {@link ThreadGroups}. Sampled every second or so, so threads that end in between still count
 * up to their last sample; what threads born and gone between two samples used is left over as the
 * difference to the process's total.
 */
final class ThreadCpu {

    private final Path tasks;
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> startTicks = new HashMap<>();
    private final Map<Long, Long> lastTicks = new HashMap<>();

    ThreadCpu(long pid) {
        this.tasks = Path.of("/proc", Long.toString(pid), "task");
    }

    /** Forgets earlier samples: from now on, CPU is counted from here. */
    synchronized void start() throws IOException {
        names.clear();
        startTicks.clear();
        lastTicks.clear();
        read(true);
    }

    synchronized void sample() throws IOException {
        read(false);
    }

    /** Milliseconds of CPU per group since {@link #start()}, up to the last sample. */
    synchronized Map<String, Double> millisByGroup() {
        Map<String, Double> out = new LinkedHashMap<>();
        lastTicks.forEach((tid, ticks) -> out.merge(ThreadGroups.of(names.get(tid)),
                (ticks - startTicks.getOrDefault(tid, 0L)) * 10.0, Double::sum)); // USER_HZ is 100 on Linux
        return out;
    }

    /** Milliseconds of CPU per thread name, most first: what a group is made of. */
    synchronized Map<String, Double> millisByName() {
        Map<String, Double> out = new HashMap<>();
        lastTicks.forEach((tid, ticks) -> out.merge(names.get(tid), (ticks - startTicks.getOrDefault(tid, 0L)) * 10.0, Double::sum));
        Map<String, Double> sorted = new LinkedHashMap<>();
        out.entrySet().stream().filter(e -> e.getValue() > 0).sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private void read(boolean atStart) throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                long tid = Long.parseLong(task.getFileName().toString());
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                names.put(tid, name);
                lastTicks.put(tid, ticks);
                if (atStart) {
                    startTicks.put(tid, ticks);
                }
            }
        }
    }

    /** User plus system CPU of a whole process so far, in milliseconds. */
    static double processMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    }
}
