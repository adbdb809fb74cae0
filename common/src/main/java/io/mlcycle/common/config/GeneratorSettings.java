package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.common.synthetic.Regime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The seeded synthetic data generator: how much, from when, in which scenario, with which data-quality incidents. */
public record GeneratorSettings(
        long seed, int historyRows, int entities, Instant startTime, Duration eventInterval, double missingIncomeShare, Path outputDir,
        Scenario scenario, QualityIncidents.Shares incidents) {
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
    }

    public static GeneratorSettings read(ConfigReader reader, Path workDir) {
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
                        reader.doubleInRange("mlcycle.generator.incidents.duplicate-share", 0.0, 1.0)));
    }
}
