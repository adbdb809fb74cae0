package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The documented precedence, -D over CONFIG_FORCE_ environment variables over the file, in a real child JVM. */
class ConfigPrecedenceTest {
    private static final Path LOCAL = Path.of("..", "conf", "local.conf").toAbsolutePath();

    @Test
    void aSystemPropertySetAfterAnEarlierLoadStillCounts() {
        java.nio.file.Path file = java.nio.file.Path.of("..", "conf", "local.conf");
        System.setProperty("mlcycle.kafka.partitions", "5");
        try {
            assertThat(ConfigLoader.load(file).getInt("mlcycle.kafka.partitions")).isEqualTo(5);
            System.setProperty("mlcycle.kafka.partitions", "9");
            assertThat(ConfigLoader.load(file).getInt("mlcycle.kafka.partitions")).isEqualTo(9);
        } finally {
            System.clearProperty("mlcycle.kafka.partitions");
        }
        assertThat(ConfigLoader.load(file).getInt("mlcycle.kafka.partitions")).isEqualTo(2);
    }

    @Test
    void theFileGivesTheDefault() throws Exception {
        assertThat(probe(Map.of(), List.of(), "mlcycle.kafka.partitions")).isEqualTo("2");
    }

    @Test
    void anEnvironmentVariableOverridesTheFileWithDashesWrittenAsDoubleUnderscores() throws Exception {
        assertThat(probe(Map.of("CONFIG_FORCE_mlcycle_kafka_partitions", "7"), List.of(), "mlcycle.kafka.partitions")).isEqualTo("7");
        assertThat(probe(Map.of("CONFIG_FORCE_mlcycle_stack_kafka_controller__port", "29093"), List.of(),
                "mlcycle.stack.kafka.controller-port")).isEqualTo("29093");
    }

    @Test
    void aSystemPropertyOverridesTheEnvironment() throws Exception {
        assertThat(probe(Map.of("CONFIG_FORCE_mlcycle_kafka_partitions", "7"), List.of("-Dmlcycle.kafka.partitions=9"),
                "mlcycle.kafka.partitions")).isEqualTo("9");
    }

    @Test
    void substitutionsFollowAnOverriddenKey() throws Exception {
        assertThat(probe(Map.of(), List.of("-Dmlcycle.stack.kafka.port=29092"), "mlcycle.kafka.bootstrap-servers"))
                .isEqualTo("127.0.0.1:29092");
    }

    private static String probe(Map<String, String> environment, List<String> jvmOptions, String key) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConfigProbe.class.getName(), LOCAL.toString(), key));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFIG_FORCE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
