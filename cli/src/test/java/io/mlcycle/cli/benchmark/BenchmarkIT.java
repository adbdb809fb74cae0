package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.cli.ItEnvironment;
import io.mlcycle.cli.Main;
import io.mlcycle.cli.TestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark command at a small scale, every stage a real spark-submit through the stack's venv. */
class BenchmarkIT {
    @TempDir
    Path work;

    @Test
    void measuresEveryStageAndWritesTheResults() throws Exception {
        Path config = TestFiles.configFile(work, "mlcycle.work-dir = \"" + work + "\"\nmlcycle.stack.venv-dir = \"" + ItEnvironment.venv() + "\"\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "benchmark", "--config", config.toString(),
                "--rows", "3000");

        assertThat(exitCode).as(out + "\n" + err).isZero();
        JsonNode results = new ObjectMapper().readTree(work.resolve("benchmark").resolve("results.json").toFile());
        assertThat(results.get("rows").asInt()).isEqualTo(3000);
        List<String> stages = new ArrayList<>();
        results.get("stages").forEach(stage -> {
            stages.add(stage.get("stage").asText());
            assertThat(stage.get("exitCode").asInt()).isZero();
            assertThat(stage.get("seconds").asDouble()).isPositive();
            // a Spark driver JVM holds well over 100 MiB; -1 would mean the sampler saw nothing
            assertThat(stage.get("driverPeakMib").asLong()).isGreaterThan(100);
        });
        assertThat(stages).containsExactly("generate", "ingest", "silver", "features");
        assertThat(out.toString()).contains("stage", "rows/s", "driver peak", "silver", "features");
    }
}
