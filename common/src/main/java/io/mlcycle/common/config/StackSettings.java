package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local stack of real services that './mlcycle stack up' starts: ports, versions, timeouts, and where
 * its Python venv and Kafka broker jars are. {@code venvDir} is resolved against the work dir,
 * {@code kafkaClasspathDir} against the launch directory (the repository root when started by ./mlcycle).
 */
public record StackSettings(
        Path workDir,
        int kafkaPort,
        int kafkaControllerPort,
        String kafkaHeap,
        Duration kafkaStartupTimeout,
        Path kafkaClasspathDir,
        int mlflowPort,
        String mlflowVersion,
        Duration mlflowStartupTimeout,
        int mlflowWorkers,
        String python,
        String pysparkVersion,
        Path venvDir,
        Duration stopTimeout,
        Postgres postgres) {
    /** A PostgreSQL identifier mlcycle can use unquoted: a lower-case letter or '_', then letters, digits or '_' (63 at most). */
    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    /**
     * The local PostgreSQL: whether 'stack up' starts it, its port on 127.0.0.1, and the database and login role it
     * creates on first start. The password is a secret.
     */
    public record Postgres(boolean enabled, int port, String database, String user, Secret password, Duration startupTimeout) {
        public Postgres {
            requireNonNull(database, "database is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
            requireNonNull(startupTimeout, "startupTimeout is null");
        }

        /** The JDBC URL of the configured database on the local server. */
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }
    }

    public StackSettings {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(kafkaHeap, "kafkaHeap is null");
        requireNonNull(kafkaStartupTimeout, "kafkaStartupTimeout is null");
        requireNonNull(kafkaClasspathDir, "kafkaClasspathDir is null");
        requireNonNull(mlflowVersion, "mlflowVersion is null");
        requireNonNull(mlflowStartupTimeout, "mlflowStartupTimeout is null");
        requireNonNull(python, "python is null");
        requireNonNull(pysparkVersion, "pysparkVersion is null");
        requireNonNull(venvDir, "venvDir is null");
        requireNonNull(stopTimeout, "stopTimeout is null");
        requireNonNull(postgres, "postgres is null");
    }

    public static StackSettings read(ConfigReader reader, Path workDir) {
        int kafkaPort = reader.port("mlcycle.stack.kafka.port");
        int controllerPort = reader.port("mlcycle.stack.kafka.controller-port");
        reader.check(kafkaPort != controllerPort, "mlcycle.stack.kafka.controller-port", String.valueOf(controllerPort),
                "a port other than mlcycle.stack.kafka.port (" + kafkaPort + ")");
        int mlflowPort = reader.port("mlcycle.stack.mlflow.port");
        reader.check(mlflowPort != kafkaPort && mlflowPort != controllerPort, "mlcycle.stack.mlflow.port",
                String.valueOf(mlflowPort), "a port other than the local Kafka's (" + kafkaPort + ", " + controllerPort + ")");
        String heap = reader.nonBlankString("mlcycle.stack.kafka.heap");
        reader.check(heap.matches("\\d+[kmgKMG]"), "mlcycle.stack.kafka.heap", "'" + heap + "'", "a JVM memory size such as 512m");
        String mlflowVersion = reader.nonBlankString("mlcycle.stack.mlflow.version");
        reader.check(mlflowVersion.matches("\\d+\\.\\d+\\.\\d+"), "mlcycle.stack.mlflow.version", "'" + mlflowVersion + "'",
                "an exact MLflow version such as 3.17.2");
        String pyspark = reader.nonBlankString("mlcycle.stack.pyspark-version");
        reader.check(pyspark.matches("\\d+\\.\\d+\\.\\d+"), "mlcycle.stack.pyspark-version", "'" + pyspark + "'",
                "an exact pyspark version such as 4.2.0");
        return new StackSettings(
                workDir,
                kafkaPort,
                controllerPort,
                heap,
                reader.positiveDuration("mlcycle.stack.kafka.startup-timeout"),
                reader.path("mlcycle.stack.kafka.classpath-dir", Path.of("").toAbsolutePath()),
                mlflowPort,
                mlflowVersion,
                reader.positiveDuration("mlcycle.stack.mlflow.startup-timeout"),
                reader.intInRange("mlcycle.stack.mlflow.workers", 1, 64),
                reader.nonBlankString("mlcycle.stack.python"),
                pyspark,
                reader.path("mlcycle.stack.venv-dir", workDir),
                reader.positiveDuration("mlcycle.stack.stop-timeout"),
                readPostgres(reader, kafkaPort, controllerPort, mlflowPort));
    }

    private static Postgres readPostgres(ConfigReader reader, int kafkaPort, int controllerPort, int mlflowPort) {
        boolean enabled = reader.bool("mlcycle.stack.postgres.enabled");
        int port = reader.port("mlcycle.stack.postgres.port");
        reader.check(port != kafkaPort && port != controllerPort && port != mlflowPort, "mlcycle.stack.postgres.port",
                String.valueOf(port), "a port other than the local Kafka's and MLflow's (" + kafkaPort + ", " + controllerPort + ", "
                        + mlflowPort + ")");
        String database = identifier(reader, "mlcycle.stack.postgres.database");
        String user = identifier(reader, "mlcycle.stack.postgres.user");
        Secret password = reader.secret("mlcycle.stack.postgres.password");
        reader.check(!password.isEmpty(), "mlcycle.stack.postgres.password", "(empty)",
                "a non-empty password (or set MLCYCLE_POSTGRES_PASSWORD)");
        return new Postgres(enabled, port, database, user, password, reader.positiveDuration("mlcycle.stack.postgres.startup-timeout"));
    }

    private static String identifier(ConfigReader reader, String key) {
        String value = reader.nonBlankString(key);
        reader.check(value.matches(IDENTIFIER), key, "'" + value + "'",
                "a lower-case PostgreSQL name: a letter or '_', then letters, digits or '_' (at most 63)");
        return value;
    }
}
