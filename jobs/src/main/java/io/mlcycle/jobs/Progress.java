package io.mlcycle.jobs;

import java.time.Duration;
import java.time.Instant;

/** Progress lines for people watching a job: "[mlcycle <job>] <message>" on standard output. */
public final class Progress {
    private final String job;
    private final Instant started = Instant.now();

    public Progress(String job) {
        this.job = job;
    }

    public void step(String message) {
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        System.out.printf("[mlcycle %s +%ds] %s%n", job, seconds, message);
        System.out.flush();
    }
}
