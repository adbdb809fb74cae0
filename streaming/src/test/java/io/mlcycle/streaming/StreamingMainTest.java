package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.platform.kafka.KafkaTopicsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingMainTest {
    private static final Path LOCAL_CONF = Path.of("..", "conf", "local.conf").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<ScorerJobConfig> started = new ArrayList<>();

    @Test
    void configFileComesFromTheArguments() {
        assertThat(StreamingMain.configFile(new String[] {"score", "--config", "conf/cluster.conf"})).isEqualTo(Path.of("conf/cluster.conf"));
        assertThat(StreamingMain.configFile(new String[] {"--config", "my.conf"})).isEqualTo(Path.of("my.conf"));
        assertThat(StreamingMain.configFile(new String[] {"score"})).isEqualTo(Path.of("conf", "local.conf"));
        assertThat(StreamingMain.configFile(new String[0])).isEqualTo(Path.of("conf", "local.conf"));
    }

    @Test
    void rejectsUnknownArguments() {
        assertThatThrownBy(() -> StreamingMain.configFile(new String[] {"score", "--conf", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot start the scorer: unexpected argument '--conf'.\n"
                        + "Usage: spark-submit ... <streaming jar> [score] [--config <file>]  (default conf/local.conf)");
    }

    @Test
    void invalidConfigurationExitsWithTwoAndNamesTheKeyWithoutStartingTheScorer() throws Exception {
        Path config = overlay("mlcycle.scorer.starting-offsets = middle");

        int exitCode = StreamingMain.run(new String[] {"score", "--config", config.toString()}, stderr(), started::add);

        assertThat(exitCode).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Cannot use mlcycle.scorer.starting-offsets = 'middle': expected earliest or latest");
    }

    @Test
    void badArgumentsExitWithTwoAndTheUsage() throws Exception {
        int exitCode = StreamingMain.run(new String[] {"score", "--conf", "x"}, stderr(), started::add);

        assertThat(exitCode).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot start the scorer: unexpected argument '--conf'.")
                .contains("Usage: spark-submit");
    }

    @Test
    void validConfigurationStartsTheScorerWithIt() throws Exception {
        Path config = overlay("mlcycle.scorer.query-name = from-the-file");

        int exitCode = StreamingMain.run(new String[] {"--config", config.toString()}, stderr(), started::add);

        assertThat(exitCode).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(started).singleElement().satisfies(c -> assertThat(c.scorer().queryName()).isEqualTo("from-the-file"));
    }

    @Test
    void missingTopicsExitWithOneAndTheProblem() throws Exception {
        Path config = overlay("");
        String problem = "Cannot read topic events (mlcycle.kafka.topics.events): it does not exist on 127.0.0.1:19092.";

        int exitCode = StreamingMain.run(new String[] {"--config", config.toString()}, stderr(), c -> {
            throw new KafkaTopicsException(KafkaTopicsException.Category.MISSING_TOPIC, problem, null);
        });

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(problem + System.lineSeparator());
    }

    /** A config file that includes the shipped conf/local.conf and sets {@code line}. */
    private Path overlay(String line) throws Exception {
        Path file = work.resolve("scorer.conf");
        Files.writeString(file, "include file(\"" + LOCAL_CONF + "\")\n" + line + "\n");
        return file;
    }

    private PrintStream stderr() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }
}
