package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.config.TrainSettings.SelectionMetric;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.LiveEventPolicy;
import io.mlcycle.common.dataset.QualityRule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every config record against the shipped defaults, and against a full override. */
class ConfigRecordsTest {
    private static final Path WORK = Path.of("/srv/mlcycle-work");

    @Test
    void readsTheShippedDefaults() {
        Config config = ConfigLoader.load(Path.of("..", "conf", "local.conf"));
        ConfigReader reader = new ConfigReader(config);

        assertThat(KafkaSettings.read(reader)).isEqualTo(new KafkaSettings("127.0.0.1:19092", 2, Duration.ofDays(7), true,
                new KafkaSettings.Topics("events", "predictions", "events-dead-letter", "alerts", "labels")));
        assertThat(SparkSettings.read(reader)).isEqualTo(new SparkSettings("local[2]", 2, 2, "2g"));
        TrainSettings train = TrainSettings.read(reader);
        assertThat(train.algorithmChoices()).containsExactly(Algorithm.LOGISTIC_REGRESSION, Algorithm.RANDOM_FOREST);
        assertThat(train.seed()).isEqualTo(7);
        assertThat(train.selectionMetricFor(io.mlcycle.common.dataset.TaskType.BINARY)).isEqualTo("auc-roc");
        assertThat(train.binarySelectionMetric()).isEqualTo(SelectionMetric.AUC_ROC);
        assertThat(MonitorSettings.read(reader)).isEqualTo(new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 50, 10));
        assertThat(RetrainSettings.read(reader)).isEqualTo(new RetrainSettings(500, 0.3, 0.0));
        assertThat(PrepareSettings.read(reader)).isEqualTo(new PrepareSettings(0.2, 11));
        assertThat(GeneratorSettings.read(reader, WORK)).isEqualTo(new GeneratorSettings(42, 20000, 4000,
                Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(30), 0.05, WORK.resolve("landing/applications"),
                GeneratorSettings.Scenario.CLEAN, new io.mlcycle.common.synthetic.QualityIncidents.Shares(0, 0, 0, 0),
                List.of(GeneratorSettings.Output.FILES),
                new GeneratorSettings.Jdbc("jdbc:postgresql://127.0.0.1:15432/mlcycle", "loan_applications", "mlcycle", Secret.of("mlcycle-local")),
                "applications-raw"));
        assertThat(LakeSettings.read(reader, WORK).predictionsTable()).isEqualTo("/srv/mlcycle-work/lake/gold/predictions");
        assertThat(LakeSettings.read(reader, WORK).ingestionLogTable()).isEqualTo("/srv/mlcycle-work/lake/meta/ingestion_log");
        assertThat(ScorerSettings.read(reader, WORK)).isEqualTo(new ScorerSettings("mlcycle-scorer", "/srv/mlcycle-work/checkpoints/scorer",
                Duration.ofSeconds(2), 20000, "earliest", WORK.resolve("cache/models"), Duration.ofMinutes(5), 1048576, 65536,
                Map.of(QualityRule.Type.NOT_NULL, LiveEventPolicy.REJECT, QualityRule.Type.RANGE, LiveEventPolicy.SCORE_AND_FLAG,
                        QualityRule.Type.ALLOWED_VALUES, LiveEventPolicy.SCORE_AND_FLAG, QualityRule.Type.REGEX, LiveEventPolicy.SCORE_AND_FLAG,
                        QualityRule.Type.COMPARISON, LiveEventPolicy.SCORE_AND_FLAG), Duration.ofHours(1)));
        DatasetSpec dataset = DatasetSpec.read(reader);
        assertThat(dataset.numericFeatures()).containsExactly("amount", "income", "age", "credit_score", "tenure_months", "open_loans",
                "loan_to_income");
        assertThat(dataset.categoricalFeatures()).containsExactly("channel", "region", "employment");
        assertThat(List.of(dataset.idColumn(), dataset.entityColumn(), dataset.timeColumn(), dataset.labelColumn()))
                .containsExactly("application_id", "customer_id", "event_time", "defaulted");
        assertThat(dataset.sources()).hasSize(1);
        assertThat(LakeSettings.read(reader, WORK).bronzeTable("applications")).isEqualTo("/srv/mlcycle-work/lake/bronze/applications");
        assertThat(LakeSettings.table(reader, WORK, "profile-table")).isEqualTo("/srv/mlcycle-work/lake/meta/feature_profiles");
        MlflowSettings mlflow = MlflowSettings.read(reader);
        assertThat(mlflow.registeredModel()).isEqualTo("mlcycle-loan-default");
        assertThat(mlflow.championAlias()).isEqualTo("champion");
        assertThat(mlflow.maxAttempts()).isEqualTo(4);
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void readsAFullOverride() {
        Config config = ConfigFactory.parseString("""
                mlcycle {
                  kafka { bootstrap-servers = "k1:9092,k2:9092", partitions = 12, retention = 2d, create-topics = false,
                          topics { events = e, predictions = p, dead-letter = d, alerts = a, labels = l } }
                  spark { master = "spark://m:7077", shuffle-partitions = 64, delta-snapshot-partitions = 16, driver-memory = 8g }
                  mlflow { tracking-uri = "https://mlflow.example:443", experiment = x, registered-model = m, champion-alias = prod,
                           username = alice, password = s3cret, request-timeout = 5s, max-attempts = 2 }
                  train { algorithms = [gbt], seed = 1, selection-metric = f1, decision-threshold = 0.3 }
                  lake { root = "s3a://bucket/lake", bronze-dir = bd, silver-table = s, quarantine-table = q, features-table = f, predictions-table = p,
                         dead-letter-table = d, drift-table = dr, alerts-table = a, drift-counts-table = c,
                         ingestion-log-table = il, profile-table = pr }
                  prepare { test-fraction = 0.1, seed = 5 }
                }
                """);
        ConfigReader reader = new ConfigReader(config);

        assertThat(KafkaSettings.read(reader)).isEqualTo(new KafkaSettings("k1:9092,k2:9092", 12, Duration.ofDays(2), false,
                new KafkaSettings.Topics("e", "p", "d", "a", "l")));
        assertThat(SparkSettings.read(reader)).isEqualTo(new SparkSettings("spark://m:7077", 64, 16, "8g"));
        assertThat(MlflowSettings.read(reader)).isEqualTo(new MlflowSettings(URI.create("https://mlflow.example:443"), "x", "m", "prod",
                Secret.of("alice"), Secret.of("s3cret"), Duration.ofSeconds(5), 2));
        TrainSettings train = TrainSettings.read(reader);
        assertThat(train.algorithmChoices()).containsExactly(Algorithm.GBT);
        assertThat(train.seed()).isEqualTo(1);
        assertThat(train.binarySelectionMetric()).isEqualTo(SelectionMetric.F1);
        assertThat(train.decisionThreshold()).isEqualTo(0.3);
        assertThat(LakeSettings.read(reader, WORK)).isEqualTo(new LakeSettings("s3a://bucket/lake/bd",
                "s3a://bucket/lake/s", "s3a://bucket/lake/q", "s3a://bucket/lake/f",
                "s3a://bucket/lake/p", "s3a://bucket/lake/d", "s3a://bucket/lake/dr", "s3a://bucket/lake/a", "s3a://bucket/lake/c",
                "s3a://bucket/lake/il"));
        assertThat(LakeSettings.table(reader, WORK, "profile-table")).isEqualTo("s3a://bucket/lake/pr");
        assertThat(PrepareSettings.read(reader)).isEqualTo(new PrepareSettings(0.1, 5));
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void readsAFullScorerOverride() {
        Config config = ConfigFactory.parseString("""
                mlcycle.scorer { query-name = s.1, checkpoint-dir = "s3a://b/cp", trigger-interval = 500ms, max-offsets-per-trigger = 7,
                                 starting-offsets = latest, model-cache-dir = "/var/models", max-future-skew = 90s,
                                 producer-max-request-size = 4194304, dead-letter.max-raw-value-bytes = 2048,
                                 rule-policy { not-null = score-and-flag, range = reject, allowed-values = reject, regex = reject,
                                               comparison = reject }, aggregates.allowed-lateness = 45m }
                """);
        ConfigReader reader = new ConfigReader(config);

        assertThat(ScorerSettings.read(reader, WORK)).isEqualTo(new ScorerSettings("s.1", "s3a://b/cp", Duration.ofMillis(500), 7, "latest",
                Path.of("/var/models"), Duration.ofSeconds(90), 4194304, 2048,
                Map.of(QualityRule.Type.NOT_NULL, LiveEventPolicy.SCORE_AND_FLAG, QualityRule.Type.RANGE, LiveEventPolicy.REJECT,
                        QualityRule.Type.ALLOWED_VALUES, LiveEventPolicy.REJECT, QualityRule.Type.REGEX, LiveEventPolicy.REJECT,
                        QualityRule.Type.COMPARISON, LiveEventPolicy.REJECT), Duration.ofMinutes(45)));
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void refusesADeadLetterValueThatCouldNotFitTheProducerLimit() {
        Config config = ConfigFactory.parseString("""
                mlcycle.scorer { max-future-skew = 0s, producer-max-request-size = 100000, dead-letter.max-raw-value-bytes = 50001 }
                """).withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        ConfigReader reader = new ConfigReader(config);
        ScorerSettings.read(reader, WORK);

        assertThat(reader.problems()).containsExactlyInAnyOrder(
                new ConfigProblem("mlcycle.scorer.max-future-skew", "PT0S", "a positive duration such as 30s, 10m or 1h"),
                new ConfigProblem("mlcycle.scorer.dead-letter.max-raw-value-bytes", "50001",
                        "at most half of mlcycle.scorer.producer-max-request-size (50000), so that a dead-letter record always fits"));
    }

    @Test
    void refusesAnUnknownRuleKindOrPolicy() {
        Config config = ConfigFactory.parseString("""
                mlcycle.scorer.rule-policy { range = flag, unique-key = reject, regexp = reject }
                """).withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        ConfigReader reader = new ConfigReader(config);
        ScorerSettings.read(reader, WORK);

        assertThat(reader.problems()).containsExactlyInAnyOrder(
                new ConfigProblem("mlcycle.scorer.rule-policy.range", "'flag'", "one of [reject, score-and-flag]"),
                new ConfigProblem("mlcycle.scorer.rule-policy.regexp", "'reject'",
                        "no such key here; known keys: [allowed-values, comparison, not-null, range, regex]"),
                new ConfigProblem("mlcycle.scorer.rule-policy.unique-key", "'reject'",
                        "no such key here; known keys: [allowed-values, comparison, not-null, range, regex]"));
    }

    @Test
    void readsAGeneratorScenarioWithIncidents() {
        Config config = ConfigFactory.parseString("""
                mlcycle.generator { scenario = prior-drift, incidents { missing-value-share = 0.1, out-of-range-share = 0.2,
                                    malformed-share = 0.3, duplicate-share = 0.4 } }
                """).withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        ConfigReader reader = new ConfigReader(config);
        GeneratorSettings generator = GeneratorSettings.read(reader, WORK);

        assertThat(reader.problems()).isEmpty();
        assertThat(generator.scenario().regime()).isEqualTo(new io.mlcycle.common.synthetic.Regime(false, true, false));
        assertThat(generator.incidents()).isEqualTo(new io.mlcycle.common.synthetic.QualityIncidents.Shares(0.1, 0.2, 0.3, 0.4));
    }

    @Test
    void readsTheGeneratorOutputs() {
        Config config = ConfigFactory.parseString("""
                mlcycle.generator { outputs = [files, jdbc, kafka], kafka-topic = raw.applications,
                                    jdbc { url = "jdbc:postgresql://db:5432/lake", table = raw.loans, user = loader, password = pw } }
                """).withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        ConfigReader reader = new ConfigReader(config);
        GeneratorSettings generator = GeneratorSettings.read(reader, WORK);

        assertThat(reader.problems()).isEmpty();
        assertThat(generator.outputs()).containsExactly(GeneratorSettings.Output.FILES, GeneratorSettings.Output.JDBC,
                GeneratorSettings.Output.KAFKA);
        assertThat(generator.jdbc()).isEqualTo(new GeneratorSettings.Jdbc("jdbc:postgresql://db:5432/lake", "raw.loans", "loader", Secret.of("pw")));
        assertThat(generator.kafkaTopic()).isEqualTo("raw.applications");
        assertThat(generator.toString()).doesNotContain("pw)").contains("(secret)");
    }

    @Test
    void reportsEveryWrongGeneratorOutputKey() {
        Config config = ConfigFactory.parseString("""
                mlcycle.generator { outputs = [files, database], kafka-topic = "raw applications",
                                    jdbc { url = "postgresql://db/lake", table = "loans; drop", user = "" } }
                """).withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        ConfigReader reader = new ConfigReader(config);
        GeneratorSettings.read(reader, WORK);

        assertThat(reader.problems()).containsExactlyInAnyOrder(
                new ConfigProblem("mlcycle.generator.outputs", "'database'", "one of [files, jdbc, kafka]"),
                new ConfigProblem("mlcycle.generator.jdbc.url", "'postgresql://db/lake'", "a JDBC URL such as jdbc:postgresql://127.0.0.1:15432/mlcycle"),
                new ConfigProblem("mlcycle.generator.jdbc.table", "'loans; drop'",
                        "a table name such as loan_applications or raw.loan_applications (letters, digits, '_')"),
                new ConfigProblem("mlcycle.generator.kafka-topic", "'raw applications'", "a Kafka topic name (letters, digits, '.', '_', '-')"));
    }

    @Test
    void refusesAnOutputNamedTwice() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("mlcycle.generator.outputs = [files, kafka, files]")
                .withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf"))));
        GeneratorSettings.read(reader, WORK);

        assertThat(reader.problems()).containsExactly(
                new ConfigProblem("mlcycle.generator.outputs", "[files, kafka, files]", "each of files, jdbc, kafka at most once"));
    }

    @Test
    void reportsEveryProblemAtOnceNamingKeyValueAndExpectedForm() {
        Config config = ConfigLoader.load(Path.of("..", "conf", "local.conf"))
                .withFallback(ConfigFactory.empty());
        Config broken = ConfigFactory.parseString("""
                mlcycle.kafka.partitions = "many"
                mlcycle.train.algorithms = [logistic-regression, xgboost]
                mlcycle.mlflow.tracking-uri = "localhost:5000"
                mlcycle.monitor.psi-threshold = -1
                """).withFallback(config);
        ConfigReader reader = new ConfigReader(broken);
        KafkaSettings.read(reader);
        TrainSettings.read(reader);
        MlflowSettings.read(reader);
        MonitorSettings.read(reader);

        assertThatThrownBy(reader::throwIfInvalid)
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("mlcycle.kafka.partitions = 'many': expected an integer from 1 to 10000")
                .hasMessageContaining("mlcycle.train.algorithms[1].name = 'xgboost': expected one of [logistic-regression, decision-tree")
                .hasMessageContaining("mlcycle.mlflow.tracking-uri = 'localhost:5000': expected an http:// or https:// URL")
                .hasMessageContaining("mlcycle.monitor.psi-threshold = -1.0: expected a number from 0.0 to 100.0")
                .hasMessageContaining("override it with -Dmlcycle.kafka.partitions=<value>");
    }

    @Test
    void namesAWrongCreateTopicsValue() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("mlcycle.kafka.create-topics = sometimes")
                .withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf"))));
        KafkaSettings.read(reader);

        assertThat(reader.problems()).containsExactly(new ConfigProblem("mlcycle.kafka.create-topics", "'sometimes'", "true or false"));
    }

    @Test
    void namesAMissingKey() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("mlcycle.prepare {}"));
        PrepareSettings.read(reader);

        assertThat(reader.problems()).containsExactly(
                new ConfigProblem("mlcycle.prepare.test-fraction", "(missing)", "a number from 0.05 to 0.5"));
    }

    @Test
    void neverPrintsSecrets() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("a.password = hunter2"));
        Secret secret = reader.secret("a.password");

        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(new MlflowSettings(URI.create("http://h:1"), "e", "m", "c", Secret.of("u"), secret, Duration.ofSeconds(1), 1).toString())
                .doesNotContain("hunter2");
        assertThat(secret.reveal()).isEqualTo("hunter2");
    }

    @Test
    void refusesAMissingConfigFileWithTheFix() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("no", "such.conf")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("no/such.conf")
                .hasMessageContaining("--config <file>");
    }
}
