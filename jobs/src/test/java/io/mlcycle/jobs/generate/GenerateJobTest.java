package io.mlcycle.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.common.synthetic.Regime;
import io.mlcycle.platform.SparkTestSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateJobTest {
    private static final List<String> NUMERIC = List.of("amount", "income", "age", "credit_score", "tenure_months", "open_loans");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final KafkaSettings NO_KAFKA = new KafkaSettings("127.0.0.1:1", 1, Duration.ofDays(1), true,
            new KafkaSettings.Topics("e", "p", "d", "a", "l"));
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(GenerateJobTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void writesTheConfiguredIncidentsIntoTheFiles() {
        GeneratorSettings settings = settings(11, 400, Regime.CLEAN, new QualityIncidents.Shares(0, 0, 1.0, 0.5), dir);

        new GenerateJob(spark, settings, NO_KAFKA).run();

        Dataset<Row> files = readFiles(dir).cache();
        long rows = files.count();
        long ids = files.select("application_id").distinct().count();
        assertThat(ids).isEqualTo(400);
        assertThat(rows - ids).as("duplicated rows, about half of 400").isBetween(160L, 240L);
        for (Row row : files.collectAsList()) {
            long notANumber = NUMERIC.stream().filter(column -> "n/a".equals(row.getAs(column))).count();
            assertThat(notANumber).as("every row has one malformed numeric value: %s", row).isEqualTo(1);
        }
        assertThat(files.filter(col("event_time").isNull()).count()).isZero();
    }

    @Test
    void blocksContinueOneSeriesOfIdsAndEventTimesAndTheFirstBlockIsTheSingleStreamGenerator() {
        int rows = 2 * SyntheticHistory.BLOCK_ROWS + 1_000;
        GeneratorSettings settings = settings(7, rows, Regime.PRIOR_DRIFT, QualityIncidents.Shares.NONE, dir);

        new GenerateJob(spark, settings, NO_KAFKA).run();

        List<Row> written = readFiles(dir).orderBy("application_id").collectAsList();
        assertThat(written).hasSize(rows);
        for (int i = 0; i < rows; i += 997) {
            assertThat(written.get(i).<String>getAs("application_id")).isEqualTo(String.format("hist-%08d", i));
            assertThat(written.get(i).<String>getAs("event_time")).isEqualTo(START.plusSeconds(60L * i).toString());
        }
        // The reference: the generator itself, one record after the other, for the first block.
        LoanApplicationGenerator generator = new LoanApplicationGenerator(7, "hist", 50, START, Duration.ofMinutes(1), 0.0);
        List<Row> reference = new ArrayList<>();
        for (int i = 0; i < SyntheticHistory.BLOCK_ROWS; i++) {
            Map<String, Object> event = generator.next(Regime.PRIOR_DRIFT).labeledEvent();
            reference.add(SyntheticHistory.toRow(event));
        }
        assertThat(written.subList(0, SyntheticHistory.BLOCK_ROWS)).isEqualTo(reference);
    }

    @Test
    void theSameSettingsWriteTheSameRowsWhateverThePartitioning() {
        GeneratorSettings settings = settings(3, 3 * SyntheticHistory.BLOCK_ROWS, Regime.CLEAN, new QualityIncidents.Shares(0.1, 0.1, 0.1, 0.1), dir);

        List<Row> direct = SyntheticHistory.generate(spark, settings).collectAsList();
        List<Row> reshuffled = SyntheticHistory.generate(spark, settings).repartition(7).orderBy("application_id", "amount", "income",
                "age", "credit_score", "tenure_months", "open_loans", "channel", "region", "employment").collectAsList();
        List<Row> again = SyntheticHistory.generate(spark, settings).orderBy("application_id", "amount", "income",
                "age", "credit_score", "tenure_months", "open_loans", "channel", "region", "employment").collectAsList();

        assertThat(direct.size()).isGreaterThan(3 * SyntheticHistory.BLOCK_ROWS);
        assertThat(reshuffled).isEqualTo(again);
        assertThat(direct).containsExactlyInAnyOrderElementsOf(again);
    }

    static GeneratorSettings settings(long seed, int rows, Regime regime, QualityIncidents.Shares incidents, Path dir) {
        GeneratorSettings.Scenario scenario = java.util.Arrays.stream(GeneratorSettings.Scenario.values())
                .filter(candidate -> candidate.regime().equals(regime)).findFirst().orElseThrow();
        return new GeneratorSettings(seed, rows, 50, START, Duration.ofMinutes(1), 0.0, dir, scenario, incidents,
                List.of(GeneratorSettings.Output.FILES), new GeneratorSettings.Jdbc("jdbc:postgresql://127.0.0.1:1/none", "t", "u",
                Secret.empty()), "applications-raw");
    }

    private static Dataset<Row> readFiles(Path dir) {
        return spark.read().option("header", "true").csv(dir.resolve("history").toString());
    }
}
