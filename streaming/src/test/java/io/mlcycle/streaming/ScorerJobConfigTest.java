package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigProblem;
import io.mlcycle.common.config.ConfigValidationException;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scorer's config record against the shipped defaults, against a full override of its keys, and with a wrong value. */
class ScorerJobConfigTest {
    private static final Path WORK = Path.of("/srv/mlcycle-work");

    @Test
    void readsTheShippedDefaults() {
        ScorerJobConfig config = ScorerJobConfig.from(shipped(""));

        assertThat(config.workDir()).isEqualTo(WORK);
        assertThat(config.spark()).isEqualTo(new SparkSettings("local[2]", 2, 2, "2g"));
        assertThat(config.scorer()).isEqualTo(new ScorerSettings("mlcycle-scorer", "/srv/mlcycle-work/checkpoints/scorer",
                Duration.ofSeconds(2), 20000, "earliest", Path.of("/srv/mlcycle-work/cache/models"), Duration.ofMinutes(5), 1048576, 65536,
                TestSettings.RULE_POLICY, Duration.ofHours(1)));
        assertThat(config.monitor()).isEqualTo(new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 50, 10));
        assertThat(config.kafka()).isEqualTo(new KafkaSettings("127.0.0.1:19092", 2, Duration.ofDays(7), true,
                new KafkaSettings.Topics("events", "predictions", "events-dead-letter", "alerts", "labels")));
        assertThat(config.lake().predictionsTable()).isEqualTo("/srv/mlcycle-work/lake/gold/predictions");
        assertThat(config.lake().deadLetterTable()).isEqualTo("/srv/mlcycle-work/lake/gold/dead_letters");
        assertThat(config.lake().alertsTable()).isEqualTo("/srv/mlcycle-work/lake/gold/alerts");
        assertThat(config.dataset().idColumn()).isEqualTo("application_id");
        assertThat(config.dataset().timeColumn()).isEqualTo("event_time");
        assertThat(config.mlflow().registeredModel()).isEqualTo("mlcycle-loan-default");
        assertThat(config.mlflow().championAlias()).isEqualTo("champion");
    }

    @Test
    void readsAFullOverrideOfTheScorerKeys() {
        ScorerJobConfig config = ScorerJobConfig.from(shipped("""
                mlcycle {
                  scorer { query-name = scorer-eu, checkpoint-dir = "s3a://bucket/checkpoints/eu", trigger-interval = 30s,
                           max-offsets-per-trigger = 500, starting-offsets = latest, model-cache-dir = "/tmp/models",
                           aggregates.allowed-lateness = 20m }
                  monitor { window = 15m, allowed-lateness = 2m, psi-threshold = 0.5, min-window-events = 7, bins = 4 }
                  kafka { bootstrap-servers = "k1:9092,k2:9092", partitions = 6, retention = 3d, create-topics = false,
                          topics { events = in.events, predictions = out.p, dead-letter = out.d, alerts = out.a, labels = in.l } }
                  lake { root = "s3a://bucket/lake", predictions-table = scored, dead-letter-table = rejected }
                  mlflow { registered-model = eu-model, champion-alias = live }
                }
                """));

        assertThat(config.scorer()).isEqualTo(new ScorerSettings("scorer-eu", "s3a://bucket/checkpoints/eu", Duration.ofSeconds(30),
                500, "latest", Path.of("/tmp/models"), Duration.ofMinutes(5), 1048576, 65536,
                TestSettings.RULE_POLICY, Duration.ofMinutes(20)));
        assertThat(config.monitor()).isEqualTo(new MonitorSettings(Duration.ofMinutes(15), Duration.ofMinutes(2), 0.5, 7, 4));
        assertThat(config.kafka()).isEqualTo(new KafkaSettings("k1:9092,k2:9092", 6, Duration.ofDays(3), false,
                new KafkaSettings.Topics("in.events", "out.p", "out.d", "out.a", "in.l")));
        assertThat(config.lake().predictionsTable()).isEqualTo("s3a://bucket/lake/scored");
        assertThat(config.lake().deadLetterTable()).isEqualTo("s3a://bucket/lake/rejected");
        assertThat(config.mlflow().registeredModel()).isEqualTo("eu-model");
        assertThat(config.mlflow().championAlias()).isEqualTo("live");
    }

    @Test
    void namesEveryWrongKey() {
        Config broken = shipped("""
                mlcycle.scorer.starting-offsets = middle
                mlcycle.kafka.topics.predictions = "my predictions"
                """);

        assertThatThrownBy(() -> ScorerJobConfig.from(broken))
                .isInstanceOf(ConfigValidationException.class)
                .satisfies(e -> assertThat(((ConfigValidationException) e).problems()).containsExactlyInAnyOrder(
                        new ConfigProblem("mlcycle.scorer.starting-offsets", "'middle'", "earliest or latest"),
                        new ConfigProblem("mlcycle.kafka.topics.predictions", "'my predictions'",
                                "a Kafka topic name of letters, digits, '.', '_' and '-'")))
                .hasMessageContaining("Cannot use mlcycle.scorer.starting-offsets = 'middle': expected earliest or latest");
    }

    /** The shipped local configuration with {@code overrides} on top and the work folder fixed (MLCYCLE_WORK_DIR may be set). */
    private static Config shipped(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.parseString("mlcycle.work-dir = \"" + WORK + "\""))
                .withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
    }
}
