package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler against a real child process that holds a known amount of memory. */
class PeakMemoryTest {
    @Test
    void seesThePeakOfAChildThatHolds300MiB() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        // A child JVM that touches 300 MiB, keeps it for a second, then exits.
        String java = ProcessHandle.current().info().command().orElse("java");
        Path source = Files.createTempFile("hold", ".java");
        Files.writeString(source, """
                public class Hold {
                    public static void main(String[] args) throws Exception {
                        byte[] block = new byte[300 * 1024 * 1024];
                        for (int i = 0; i < block.length; i += 4096) { block[i] = 1; }
                        Thread.sleep(1500);
                        System.out.println(block[4096]);
                    }
                }
                """);
        Process process = new ProcessBuilder(List.of(java, "-Xmx600m", "-XX:+AlwaysPreTouch", source.toString())).inheritIO().start();
        PeakMemory memory = new PeakMemory();
        memory.watch(process);
        assertThat(process.waitFor()).isZero();
        memory.close();

        assertThat(memory.largestProcessMib()).isBetween(300L, 1500L);
        assertThat(memory.largestTreeMib()).isGreaterThanOrEqualTo(250L);
    }

    @Test
    void aProcessThatIsGoneIsUnknownNotZero() {
        assertThat(PeakMemory.statusField(Long.MAX_VALUE, "VmHWM:")).isEmpty();
    }
}
