package io.mlcycle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: mlcycle's version and the stack it was built for, from the build (version.properties). */
public final class MlcycleVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = MlcycleVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read version.properties", e);
        }
        return new String[] {
            "mlcycle " + build.getProperty("mlcycle.version", "(unknown)"),
            "Built for Spark " + build.getProperty("spark.version", "?") + " (Scala " + build.getProperty("scala.binary.version", "?")
                    + "), Delta Lake " + build.getProperty("delta.version", "?") + ", Kafka " + build.getProperty("kafka.version", "?"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"
        };
    }
}
