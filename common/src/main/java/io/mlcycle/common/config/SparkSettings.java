package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

/** How mlcycle's Spark jobs run: master, partitions sized for the machine, driver memory. */
public record SparkSettings(String master, int shufflePartitions, int deltaSnapshotPartitions, String driverMemory) {
    public SparkSettings {
        requireNonNull(master, "master is null");
        requireNonNull(driverMemory, "driverMemory is null");
    }

    public static SparkSettings read(ConfigReader reader) {
        String memory = reader.nonBlankString("mlcycle.spark.driver-memory");
        reader.check(memory.matches("\\d+[kmgKMG]"), "mlcycle.spark.driver-memory", "'" + memory + "'", "a JVM memory size such as 2g or 512m");
        return new SparkSettings(
                reader.nonBlankString("mlcycle.spark.master"),
                reader.intInRange("mlcycle.spark.shuffle-partitions", 1, 100_000),
                reader.intInRange("mlcycle.spark.delta-snapshot-partitions", 1, 10_000),
                memory);
    }
}
