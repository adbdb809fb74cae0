package io.mlcycle.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads mlcycle's configuration once, at start-up.
 *
 * <p>Precedence, highest first:
 * <ol>
 *   <li>JVM system properties ({@code -Dmlcycle.kafka.bootstrap-servers=...});</li>
 *   <li>environment variables {@code CONFIG_FORCE_<key>} ('.' as '_', '-' as '__');</li>
 *   <li>the given config file (an overlay such as {@code conf/local.conf}, which includes
 *       {@code application.conf});</li>
 *   <li>{@code application.conf} next to that file, when the file does not include it.</li>
 * </ol>
 * Environment substitutions written in the files ({@code ${?MLFLOW_TRACKING_URI}}) resolve last.
 */
public final class ConfigLoader {
    /** The default overlay, relative to the launch directory. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("conf", "local.conf");

    private ConfigLoader() {}

    public static Config load(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigValidationException(java.util.List.of(new ConfigProblem(
                    "(config file)",
                    configFile.toString(),
                    "an existing HOCON file such as conf/local.conf; pass another one with --config <file>")));
        }
        try {
            Config file = ConfigFactory.parseFile(configFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            Path defaults = configFile.toAbsolutePath().getParent().resolve("application.conf");
            if (Files.isRegularFile(defaults)) {
                file = file.withFallback(ConfigFactory.parseFile(defaults.toFile()));
            }
            // Typesafe Config caches the system properties on first use; a later -D (a test, the CLI) must count.
            ConfigFactory.invalidateCaches();
            return ConfigFactory.systemProperties()
                    .withFallback(ConfigFactory.systemEnvironmentOverrides())
                    .withFallback(file)
                    .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
        } catch (ConfigException e) {
            throw new ConfigValidationException(java.util.List.of(new ConfigProblem(
                    "(config file)", configFile.toString(), "valid HOCON: " + e.getMessage())));
        }
    }

    /** Parses configuration text (used for tests and for configs shipped inside a job's arguments). */
    public static Config parse(String hocon) {
        return ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseString(hocon))
                .resolve();
    }
}
