package io.mlcycle.cli.stack;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.process.Executables;
import io.mlcycle.cli.process.ForegroundProcess;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.process.Ports;
import io.mlcycle.cli.process.RunFolder;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.StackSettings;
import io.mlcycle.platform.kafka.KafkaTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The local Kafka: one KRaft node (broker and controller) in its own JVM, run from the jars that
 * {@code deploy/kafka-broker} resolves. Its files live in {@code <work-dir>/services/kafka}: {@code server.properties},
 * {@code log4j2.properties}, {@code cluster.id} (chosen once) and {@code data/} (topics and metadata, formatted once).
 */
public final class KafkaBroker {
    /** Its name in the run folder. */
    public static final String NAME = "kafka";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final StackSettings stack;
    private final RunFolder runFolder;
    private final Path home;

    public KafkaBroker(StackSettings stack, RunFolder runFolder) {
        this.stack = requireNonNull(stack, "stack is null");
        this.runFolder = requireNonNull(runFolder, "runFolder is null");
        this.home = stack.workDir().resolve("services").resolve("kafka");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + stack.kafkaPort();
    }

    public Optional<ManagedProcess> process() {
        return runFolder.find(NAME);
    }

    /** Starts the broker unless it is running, and waits until it answers. */
    public void start(PrintWriter out) {
        Optional<ManagedProcess> running = process();
        if (running.isPresent()) {
            awaitAnswer(running.get());
            out.printf("already running (pid %d), answering%n", running.get().pid());
            return;
        }
        Ports.requireFree("Kafka", stack.kafkaPort(), "mlcycle.stack.kafka.port", "and point mlcycle.kafka.bootstrap-servers at it");
        Ports.requireFree("Kafka", stack.kafkaControllerPort(), "mlcycle.stack.kafka.controller-port", "");
        String classpath = classpath();
        writeConfiguration();
        formatStorageOnce(classpath);
        ManagedProcess broker = runFolder.start(NAME, new ProcessBuilder(
                Executables.currentJava().toString(),
                "-Xmx" + stack.kafkaHeap(),
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", classpath,
                "kafka.Kafka",
                home.resolve("server.properties").toString()).directory(home.toFile()));
        try {
            Duration waited = awaitAnswer(broker);
            out.printf("started (pid %d), answering after %s%n", broker.pid(), Polling.seconds(waited));
        } catch (CliException e) {
            broker.kill();
            throw e;
        }
    }

    /** True when the broker answers a metadata request within {@code timeout}. */
    public boolean answers(Duration timeout) {
        try (Admin admin = admin(timeout)) {
            return answers(admin, timeout);
        }
    }

    /** Creates the topics that do not exist, with the configured partitions and retention; reports existing ones that differ. */
    public void ensureTopics(KafkaSettings kafka, PrintWriter out) {
        long retentionMs = kafka.retention().toMillis();
        try (Admin admin = admin(ADMIN_TIMEOUT)) {
            Set<String> existing = get(admin.listTopics().names());
            List<String> created = new ArrayList<>();
            List<NewTopic> missing = kafka.topics().all().stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> KafkaTopics.newTopic(topic, kafka.partitions(), kafka.retention()))
                    .toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                if (createdNow(entry.getValue())) {
                    created.add(entry.getKey());
                }
            }
            List<String> present = kafka.topics().all().stream().filter(topic -> !created.contains(topic)).toList();
            out.printf("created %s; already there: %s (config: %d partitions, retention.ms=%d)%n",
                    created.isEmpty() ? "none" : String.join(", ", created),
                    present.isEmpty() ? "none" : String.join(", ", present), kafka.partitions(), retentionMs);
            reportDifferences(admin, present, kafka.partitions(), retentionMs, out);
        }
    }

    private Duration awaitAnswer(ManagedProcess broker) {
        long started = System.nanoTime();
        long deadline = started + stack.kafkaStartupTimeout().toNanos();
        try (Admin admin = admin(Duration.ofSeconds(2))) {
            while (!answers(admin, Duration.ofSeconds(2))) {
                if (!broker.isAlive()) {
                    throw new CliException(CliError.SERVICE_NOT_READY, "Kafka exited during start-up"
                            + broker.exitCode().stream().mapToObj(code -> " (exit code " + code + ")").findFirst().orElse("")
                            + ". Read its log: " + broker.logFile());
                }
                if (System.nanoTime() > deadline) {
                    throw new CliException(CliError.SERVICE_NOT_READY, "Kafka (pid " + broker.pid() + ") did not answer on "
                            + bootstrapServers() + " within " + stack.kafkaStartupTimeout().toSeconds()
                            + " s (mlcycle.stack.kafka.startup-timeout). Read its log: " + broker.logFile()
                            + ". On a slow machine, raise the timeout.");
                }
                Polling.pause();
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private String classpath() {
        Path directory = stack.kafkaClasspathDir();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "kafka_*.jar")) {
            if (jars.iterator().hasNext()) {
                return directory.toAbsolutePath() + "/*";
            }
        } catch (IOException e) {
            // reported below
        }
        throw new CliException(CliError.MISSING_BUILD_OUTPUT, "Cannot start Kafka: its jars are not in " + directory
                + " (mlcycle.stack.kafka.classpath-dir). Build them from the repository root with: mvn -B -q install -DskipTests"
                + " (./mlcycle does this when the build is missing).");
    }

    private void writeConfiguration() {
        try {
            Files.createDirectories(home.resolve("data"));
            Files.writeString(home.resolve("server.properties"),
                    KafkaServerProperties.render(stack.kafkaPort(), stack.kafkaControllerPort(), home.resolve("data")),
                    StandardCharsets.UTF_8);
            Files.writeString(home.resolve("log4j2.properties"), String.join("\n",
                    "# Written by './mlcycle stack up': the broker logs to stdout, which goes to its log in the run folder.",
                    "appender.stdout.type = Console",
                    "appender.stdout.name = STDOUT",
                    "appender.stdout.layout.type = PatternLayout",
                    "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.stdout.ref = STDOUT",
                    "logger.state.name = state.change.logger",
                    "logger.state.level = WARN",
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka configuration in " + home, e);
        }
    }

    /** Formats the data folder with a cluster id chosen once and kept in {@code cluster.id}; does nothing when formatted. */
    private void formatStorageOnce(String classpath) {
        if (Files.exists(home.resolve("data").resolve("meta.properties"))) {
            return;
        }
        String clusterId = clusterId();
        Path log = stack.workDir().resolve("logs").resolve("kafka-format.log");
        StringBuilder output = new StringBuilder();
        int exitCode = ForegroundProcess.run(new ProcessBuilder(
                Executables.currentJava().toString(),
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted",
                "-t", clusterId, "-c", home.resolve("server.properties").toString()), line -> output.append(line).append('\n'));
        append(log, output.toString());
        if (exitCode != 0) {
            throw new CliException(CliError.SERVICE_NOT_READY, "Cannot format the Kafka data folder " + home.resolve("data")
                    + " (exit code " + exitCode + "). Read " + log + "; deleting " + home + " starts Kafka afresh (its topics are lost).");
        }
    }

    private String clusterId() {
        Path file = home.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String clusterId = Uuid.randomUuid().toString();
            Files.writeString(file, clusterId + "\n", StandardCharsets.UTF_8);
            return clusterId;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private void reportDifferences(Admin admin, List<String> topics, int partitions, long retentionMs, PrintWriter out) {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = get(admin.describeTopics(topics).allTopicNames());
        List<ConfigResource> resources = topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
        for (String topic : topics) {
            int actualPartitions = descriptions.get(topic).partitions().size();
            String actualRetention = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                    .get(TopicConfig.RETENTION_MS_CONFIG).value();
            if (actualPartitions != partitions || !String.valueOf(retentionMs).equals(actualRetention)) {
                out.printf("      note: topic %s has %d partitions and retention.ms=%s, not as configured; kept as it is"
                        + " (delete the topic or the Kafka data folder to recreate it)%n", topic, actualPartitions, actualRetention);
            }
        }
    }

    private static boolean createdNow(KafkaFuture<Void> creation) {
        try {
            creation.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot create a Kafka topic: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot create a Kafka topic: no answer within "
                    + ADMIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Interrupted while creating Kafka topics", e);
        }
    }

    private Admin admin(Duration timeout) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), ADMIN_TIMEOUT.toMillis()));
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000L);
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000L);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500L);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "mlcycle-stack");
        return Admin.create(properties);
    }

    private static boolean answers(Admin admin, Duration timeout) {
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Kafka did not answer a topic request: " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Interrupted while talking to Kafka", e);
        }
    }

    private static void append(Path log, String text) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + log, e);
        }
    }
}
