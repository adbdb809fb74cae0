package io.mlcycle.cli.stack;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import java.time.Duration;
import java.util.Locale;

/** The pace of waiting for a service to answer, and how waits are printed. */
final class Polling {
    private static final Duration INTERVAL = Duration.ofMillis(500);

    private Polling() {}

    static void pause() {
        try {
            Thread.sleep(INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliError.SERVICE_NOT_READY, "Interrupted while waiting for a service to answer", e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
