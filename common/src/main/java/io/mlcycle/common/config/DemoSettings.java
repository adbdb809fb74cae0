package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** The live phase of the demo: how many events, in which regime, how fast, and how long to wait. */
public record DemoSettings(
        int eventsPerWindow, int cleanWindows, int driftedWindows, int afterRetrainWindows, int malformedEvents,
        int eventsPerSecond, Duration waitTimeout, long seed) {
    public DemoSettings {
        requireNonNull(waitTimeout, "waitTimeout is null");
    }

    public static DemoSettings read(ConfigReader reader) {
        return new DemoSettings(
                reader.intInRange("mlcycle.demo.events-per-window", 10, 1_000_000),
                reader.intInRange("mlcycle.demo.clean-windows", 1, 1000),
                reader.intInRange("mlcycle.demo.drifted-windows", 1, 1000),
                reader.intInRange("mlcycle.demo.after-retrain-windows", 0, 1000),
                reader.intInRange("mlcycle.demo.malformed-events", 0, 1_000_000),
                reader.intInRange("mlcycle.demo.events-per-second", 1, 1_000_000),
                reader.positiveDuration("mlcycle.demo.wait-timeout"),
                reader.longAtLeast("mlcycle.demo.seed", Long.MIN_VALUE));
    }
}
