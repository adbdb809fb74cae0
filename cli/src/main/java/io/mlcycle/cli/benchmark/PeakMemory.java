package io.mlcycle.cli.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the memory of a running process and its descendants from {@code /proc} (Linux): the largest peak resident set
 * of any one process ({@code VmHWM}, which the kernel keeps, so a peak between two samples is not missed) and the largest
 * resident total of the whole tree seen in a sample ({@code VmRSS} summed). Elsewhere both stay unknown (-1).
 */
final class PeakMemory implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final AtomicLong largestProcessKb = new AtomicLong(-1);
    private final AtomicLong largestTreeKb = new AtomicLong(-1);
    private volatile boolean running = true;
    private Thread sampler;

    /** Starts sampling {@code process} until {@link #close()}. */
    void watch(Process process) {
        sampler = new Thread(() -> {
            while (running && process.isAlive()) {
                sample(process.toHandle());
                try {
                    Thread.sleep(INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-memory-" + process.pid());
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Peak resident memory of the largest single process (the Spark driver), in MiB, or -1 when unknown. */
    long largestProcessMib() {
        long kb = largestProcessKb.get();
        return kb < 0 ? -1 : kb / 1024;
    }

    /** Largest resident memory of the whole process tree in one sample, in MiB, or -1 when unknown. */
    long largestTreeMib() {
        long kb = largestTreeKb.get();
        return kb < 0 ? -1 : kb / 1024;
    }

    private void sample(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        long total = 0;
        boolean any = false;
        for (ProcessHandle handle : tree) {
            OptionalLong peak = statusField(handle.pid(), "VmHWM:");
            OptionalLong resident = statusField(handle.pid(), "VmRSS:");
            if (peak.isPresent()) {
                largestProcessKb.accumulateAndGet(peak.getAsLong(), Math::max);
            }
            if (resident.isPresent()) {
                total += resident.getAsLong();
                any = true;
            }
        }
        if (any) {
            largestTreeKb.accumulateAndGet(total, Math::max);
        }
    }

    /** A "kB" field of /proc/<pid>/status, empty when the process is gone or the system has no /proc. */
    static OptionalLong statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading, or there is no /proc: unknown
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        running = false;
        if (sampler != null) {
            try {
                sampler.join(INTERVAL.toMillis() * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
