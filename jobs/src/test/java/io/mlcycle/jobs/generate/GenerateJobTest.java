package io.mlcycle.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.jobs.SparkTestSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateJobTest {
    private static final List<String> NUMERIC = List.of("amount", "income", "age", "credit_score", "tenure_months", "open_loans");
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
        GeneratorSettings settings = new GeneratorSettings(11, 400, 50, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(1), 0.0, dir,
                GeneratorSettings.Scenario.CLEAN, new QualityIncidents.Shares(0, 0, 1.0, 0.5));

        new GenerateJob(spark, settings).run();

        Dataset<Row> files = spark.read().option("header", "true").csv(dir.resolve("history").toString()).cache();
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
}
