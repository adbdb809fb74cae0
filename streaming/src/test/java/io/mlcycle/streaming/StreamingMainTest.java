package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StreamingMainTest {
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
}
