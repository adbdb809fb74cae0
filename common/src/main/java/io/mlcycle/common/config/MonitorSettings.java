package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Online drift monitoring: the window, when a window is final, the PSI threshold. */
public record MonitorSettings(Duration window, Duration allowedLateness, double psiThreshold, long minWindowEvents, int bins) {
    public MonitorSettings {
        requireNonNull(window, "window is null");
        requireNonNull(allowedLateness, "allowedLateness is null");
    }

    public static MonitorSettings read(ConfigReader reader) {
        return new MonitorSettings(
                reader.positiveDuration("mlcycle.monitor.window"),
                reader.positiveDuration("mlcycle.monitor.allowed-lateness"),
                reader.doubleInRange("mlcycle.monitor.psi-threshold", 0.0, 100.0),
                reader.longAtLeast("mlcycle.monitor.min-window-events", 1),
                reader.intInRange("mlcycle.monitor.bins", 2, 100));
    }
}
