package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.common.synthetic.Regime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The seeded synthetic data generator: how much, from when, in which scenario, with which data-quality incidents, and
 * where it writes: CSV files in {@code outputDir}, a database table ({@code jdbc}), a Kafka topic ({@code kafkaTopic}).
 */
public record GeneratorSettings(
        long seed, int historyRows, int entities, Instant startTime, Duration eventInterval, double missingIncomeShare, Path outputDir,
        Scenario scenario, QualityIncidents.Shares incidents, List<Output> outputs, Jdbc jdbc, String kafkaTopic) {
    /** A Kafka topic name: letters, digits, '.', '_' and '-', 249 at most. */
    private static final String TOPIC = "[a-zA-Z0-9._-]{1,249}";
    /** A table name, optionally with its schema: SQL identifiers that need no quoting. */
    private static final String TABLE = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

    /** Where the generated rows go. */
    public enum Output {
        /** CSV files with a header in {@code outputDir}/history. */
        FILES,
        /** A database table, replaced on every run. */
        JDBC,
        /** A Kafka topic, one JSON object per row. */
        KAFKA
    }

    /** The database the {@code jdbc} output writes to. The password is a secret. */
    public record Jdbc(String url, String table, String user, Secret password) {
        public Jdbc {
            requireNonNull(url, "url is null");
            requireNonNull(table, "table is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }
    }

    /** The regime the history is generated in. */
    public enum Scenario {
        CLEAN(Regime.CLEAN),
        COVARIATE_DRIFT(Regime.COVARIATE_DRIFT),
        PRIOR_DRIFT(Regime.PRIOR_DRIFT),
        CONCEPT_DRIFT(Regime.CONCEPT_DRIFT),
        DRIFT(Regime.DRIFTED);

        private final Regime regime;

        Scenario(Regime regime) {
            this.regime = regime;
        }

        public Regime regime() {
            return regime;
        }
    }

    public GeneratorSettings {
        requireNonNull(startTime, "startTime is null");
        requireNonNull(eventInterval, "eventInterval is null");
        requireNonNull(outputDir, "outputDir is null");
        requireNonNull(scenario, "scenario is null");
        requireNonNull(incidents, "incidents is null");
        outputs = List.copyOf(outputs);
        requireNonNull(jdbc, "jdbc is null");
        requireNonNull(kafkaTopic, "kafkaTopic is null");
    }

    public boolean writes(Output output) {
        return outputs.contains(output);
    }

    public static GeneratorSettings read(ConfigReader reader, Path workDir) {
        int problemsBefore = reader.problems().size();
        List<Output> outputs = reader.choices("mlcycle.generator.outputs", Output.class);
        boolean allKnown = reader.problems().size() == problemsBefore; // unknown names read as placeholders, not duplicates
        reader.check(!allKnown || outputs.stream().distinct().count() == outputs.size(), "mlcycle.generator.outputs", outputs.stream()
                .map(ConfigReader::kebab).toList().toString(), "each of files, jdbc, kafka at most once");
        return new GeneratorSettings(
                reader.longAtLeast("mlcycle.generator.seed", Long.MIN_VALUE),
                reader.intInRange("mlcycle.generator.history-rows", 100, 100_000_000),
                reader.intInRange("mlcycle.generator.entities", 1, 100_000_000),
                reader.instant("mlcycle.generator.start-time"),
                reader.positiveDuration("mlcycle.generator.event-interval"),
                reader.doubleInRange("mlcycle.generator.missing-income-share", 0.0, 1.0),
                reader.path("mlcycle.generator.output-dir", workDir),
                reader.choice("mlcycle.generator.scenario", Scenario.class),
                new QualityIncidents.Shares(
                        reader.doubleInRange("mlcycle.generator.incidents.missing-value-share", 0.0, 1.0),
                        reader.doubleInRange("mlcycle.generator.incidents.out-of-range-share", 0.0, 1.0),
                        reader.doubleInRange("mlcycle.generator.incidents.malformed-share", 0.0, 1.0),
                        reader.doubleInRange("mlcycle.generator.incidents.duplicate-share", 0.0, 1.0)),
                outputs,
                readJdbc(reader, outputs.contains(Output.JDBC)),
                readTopic(reader));
    }

    private static Jdbc readJdbc(ConfigReader reader, boolean used) {
        String url = reader.nonBlankString("mlcycle.generator.jdbc.url");
        reader.check(url.startsWith("jdbc:"), "mlcycle.generator.jdbc.url", "'" + url + "'",
                "a JDBC URL such as jdbc:postgresql://127.0.0.1:15432/mlcycle");
        String table = reader.nonBlankString("mlcycle.generator.jdbc.table");
        reader.check(table.matches(TABLE), "mlcycle.generator.jdbc.table", "'" + table + "'",
                "a table name such as loan_applications or raw.loan_applications (letters, digits, '_')");
        String user = reader.string("mlcycle.generator.jdbc.user");
        reader.check(!used || !user.isBlank(), "mlcycle.generator.jdbc.user", "''", "a database user (the jdbc output is on)");
        return new Jdbc(url, table, user, reader.secret("mlcycle.generator.jdbc.password"));
    }

    private static String readTopic(ConfigReader reader) {
        String topic = reader.nonBlankString("mlcycle.generator.kafka-topic");
        reader.check(topic.matches(TOPIC), "mlcycle.generator.kafka-topic", "'" + topic + "'",
                "a Kafka topic name (letters, digits, '.', '_', '-')");
        return topic;
    }
}
