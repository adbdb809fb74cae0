package io.mlcycle.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.SparkSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSubmitTest {
    private static final SparkSettings SPARK = new SparkSettings("local[2]", 3, 2, "2g");

    @Test
    void batchJobCommandCarriesSparkSettingsDeltaScratchSpaceAndOverrides() {
        SparkSubmit submit = new SparkSubmit(Path.of("/opt/venv"), SPARK, Path.of("/srv/work"),
                Map.of("mlcycle.kafka.partitions", "4", "mlcycle.generator.start-time", "2026-01-01 00:00"));

        List<String> command = submit.command(SparkJob.batch(Path.of("/repo/jobs/target/mlcycle-jobs-0.1.0-spark.jar"), "train",
                Path.of("/repo/conf/local.conf")));

        assertThat(command).containsExactly(
                "/opt/venv/bin/spark-submit",
                "--master", "local[2]",
                "--driver-memory", "2g",
                "--name", "mlcycle-train",
                "--class", "io.mlcycle.jobs.JobMain",
                "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                "--conf", "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "--conf", "spark.sql.shuffle.partitions=3",
                "--conf", "spark.databricks.delta.snapshotPartitions=2",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.local.dir=/srv/work/tmp/spark-local",
                "--driver-java-options", "-Djava.io.tmpdir=/srv/work/tmp"
                        + " -Dlog4j2.configurationFile=/srv/work/spark/log4j2-driver.properties"
                        + " \"-Dmlcycle.generator.start-time=2026-01-01 00:00\""
                        + " -Dmlcycle.kafka.partitions=4",
                "/repo/jobs/target/mlcycle-jobs-0.1.0-spark.jar",
                "train", "--config", "/repo/conf/local.conf");
    }

    @Test
    void streamingJobRunsTheStreamingMainClass() {
        SparkSubmit submit = new SparkSubmit(Path.of("/opt/venv"), SPARK, Path.of("/srv/work"), Map.of());

        List<String> command = submit.command(SparkJob.streaming(Path.of("/repo/streaming.jar"), "score", Path.of("/repo/conf/local.conf")));

        assertThat(command).containsSequence("--class", "io.mlcycle.streaming.StreamingMain");
        assertThat(command).containsSequence("--driver-java-options",
                "-Djava.io.tmpdir=/srv/work/tmp -Dlog4j2.configurationFile=/srv/work/spark/log4j2-driver.properties");
        assertThat(command).endsWith("/repo/streaming.jar", "score", "--config", "/repo/conf/local.conf");
    }

    @Test
    void secretsGoToTheEnvironmentNeverToTheCommandLine() {
        SparkSubmit submit = new SparkSubmit(Path.of("/opt/venv"), SPARK, Path.of("/srv/work"),
                Map.of("mlcycle.mlflow.password", "hunter2-secret", "mlcycle.mlflow.username", "alice-secret"));

        List<String> command = submit.command(SparkJob.batch(Path.of("/repo/jobs.jar"), "train", Path.of("/repo/conf/local.conf")));

        assertThat(String.join(" ", command)).doesNotContain("hunter2-secret", "alice-secret", "mlcycle.mlflow");
        assertThat(submit.environment())
                .containsEntry("CONFIG_FORCE_mlcycle_mlflow_password", "hunter2-secret")
                .containsEntry("CONFIG_FORCE_mlcycle_mlflow_username", "alice-secret");
    }

    @Test
    void environmentPinsLoopbackJavaAndTheVenvPython() {
        SparkSubmit submit = new SparkSubmit(Path.of("/opt/venv"), SPARK, Path.of("/srv/work"), Map.of("mlcycle.kafka.partitions", "4"));

        assertThat(submit.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SPARK_LOCAL_IP", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home"),
                "PYSPARK_PYTHON", "/opt/venv/bin/python"));
    }

    @Test
    void driverOptionsAreQuotedOnlyWhenSparkWouldSplitThem() {
        assertThat(SparkSubmit.quoteOption("-Dmlcycle.spark.master=local[2]")).isEqualTo("\"-Dmlcycle.spark.master=local[2]\"");
        assertThat(SparkSubmit.quoteOption("-Dmlcycle.kafka.bootstrap-servers=h1:9092,h2:9092"))
                .isEqualTo("-Dmlcycle.kafka.bootstrap-servers=h1:9092,h2:9092");
        assertThat(SparkSubmit.quoteOption("-Dx=say \"hi\" \\ bye")).isEqualTo("\"-Dx=say \\\"hi\\\" \\\\ bye\"");
    }

    @Test
    void environmentOverrideNamesFollowTheConfigLoaderConvention() {
        assertThat(SparkSubmit.environmentOverrideName("mlcycle.mlflow.password")).isEqualTo("CONFIG_FORCE_mlcycle_mlflow_password");
        assertThat(SparkSubmit.environmentOverrideName("mlcycle.kafka.bootstrap-servers"))
                .isEqualTo("CONFIG_FORCE_mlcycle_kafka_bootstrap__servers");
        assertThat(SparkSubmit.environmentOverrideName("mlcycle.odd_key")).isEqualTo("CONFIG_FORCE_mlcycle_odd___key");
    }

    @Test
    void jobNamesMustSuitTheRunFolder() {
        assertThatThrownBy(() -> SparkJob.batch(Path.of("/repo/jobs.jar"), "Train Now", Path.of("conf/local.conf")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use job name 'Train Now': expected lower-case letters, digits and '-'");
    }
}
