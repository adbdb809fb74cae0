package io.mlcycle.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.cli.ItEnvironment;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.common.config.SparkSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The venv's real spark-submit, run the way SparkSubmit builds it, with a stand-in application ({@link EchoMain}). */
class SparkSubmitIT {
    private static final SparkSettings SPARK = new SparkSettings("local[1]", 3, 2, "512m");

    @TempDir
    Path workDir;

    private Path jar;
    private SparkSubmit submit;

    @BeforeEach
    void packageEchoApplication() throws IOException {
        jar = workDir.resolve("echo.jar");
        String entry = EchoMain.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                InputStream classBytes = EchoMain.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classBytes.transferTo(out);
            out.closeEntry();
        }
        submit = new SparkSubmit(ItEnvironment.venv(), SPARK, workDir,
                Map.of("mlcycle.echo.words", "two words", "mlcycle.mlflow.password", "it-only-secret"));
    }

    @Test
    void venvSparkSubmitIsSpark420() {
        assertThat(submit.version()).isEqualTo("4.2.0");
    }

    @Test
    void foregroundRunPassesSettingsAndOverridesPrefixesOutputAndReturnsTheExitCode() {
        StringWriter output = new StringWriter();

        int exitCode = submit.run(new SparkJob("echo", EchoMain.class.getName(), jar, List.of("first arg", "exit=3")),
                new PrintWriter(output, true));

        assertThat(exitCode).isEqualTo(3);
        assertThat(output.toString().lines()).contains(
                "[echo] args=first arg|exit=3",
                "[echo] spark.master=local[1]",
                "[echo] spark.driver.memory=512m",
                "[echo] spark.app.name=mlcycle-echo",
                "[echo] spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                "[echo] spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "[echo] spark.sql.shuffle.partitions=3",
                "[echo] spark.databricks.delta.snapshotPartitions=2",
                "[echo] spark.ui.enabled=false",
                "[echo] spark.local.dir=" + workDir.resolve("tmp/spark-local"),
                "[echo] java.io.tmpdir=" + workDir.resolve("tmp"),
                "[echo] log4j2.configurationFile=" + workDir.resolve("spark/log4j2-driver.properties"),
                "[echo] mlcycle.echo.words=two words",
                "[echo] java.home=" + System.getProperty("java.home"),
                "[echo] env.SPARK_LOCAL_IP=127.0.0.1",
                "[echo] env.CONFIG_FORCE_mlcycle_mlflow_password=it-only-secret");
        assertThat(output.toString()).doesNotContain("mlcycle.mlflow.password");
    }

    @Test
    void backgroundRunIsRecordedInTheRunFolderAndStops() {
        ManagedProcess job = submit.start(new SparkJob("echo-waiting", EchoMain.class.getName(), jar, List.of("wait")));

        assertThat(workDir.resolve("run/echo-waiting.pid")).content().startsWith(job.pid() + " ");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(workDir.resolve("run/echo-waiting.log")).contains("waiting to be stopped"));
        assertThat(submit.runFolder().find("echo-waiting")).map(ManagedProcess::pid).contains(job.pid());

        assertThat(job.stop(Duration.ofSeconds(20))).isEqualTo(ManagedProcess.StopOutcome.TERMINATED);
        assertThat(job.isAlive()).isFalse();
        assertThat(workDir.resolve("run/echo-waiting.pid")).doesNotExist();
    }
}
