package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.cli.ItEnvironment;
import io.mlcycle.cli.Main;
import io.mlcycle.cli.TestFiles;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.process.RunFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stack, through the real command line, in a temporary work dir on free ports: Kafka and MLflow come up and
 * answer, the topics are there as configured, status says so, down stops everything and status says that too.
 */
class StackIT {
    private static final List<String> TOPICS = List.of("events", "predictions", "events-dead-letter", "alerts", "labels");

    @TempDir
    Path directory;

    private Path config;
    private int kafkaPort;
    private int mlflowPort;
    private int postgresPort;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfig() throws Exception {
        // As root the local PostgreSQL runs as the 'postgres' user, which must be able to enter the work dir.
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        kafkaPort = ItEnvironment.freePort();
        int controllerPort = ItEnvironment.freePort();
        mlflowPort = ItEnvironment.freePort();
        postgresPort = ItEnvironment.freePort();
        config = TestFiles.configFile(directory, String.join("\n",
                "mlcycle.work-dir = \"" + directory.resolve("work") + "\"",
                "mlcycle.kafka { bootstrap-servers = \"127.0.0.1:" + kafkaPort + "\", partitions = 3, retention = 2h }",
                "mlcycle.mlflow.tracking-uri = \"http://127.0.0.1:" + mlflowPort + "\"",
                "mlcycle.stack {",
                "  kafka { port = " + kafkaPort + ", controller-port = " + controllerPort + ",",
                "          classpath-dir = \"" + TestFiles.repositoryRoot().resolve("deploy/kafka-broker/target/lib") + "\" }",
                "  mlflow.port = " + mlflowPort,
                "  postgres.port = " + postgresPort,
                "  venv-dir = \"" + ItEnvironment.venv() + "\"",
                "}", ""));
    }

    @AfterEach
    void stopWhateverIsLeft() {
        Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "--config", config.toString(), "stack", "down");
    }

    @Test
    void upStartsAnsweringServicesStatusReportsThemAndDownStopsThem() throws Exception {
        assertThat(run("stack", "up")).as("stack up: %s%s", out, err).isZero();
        assertThat(out.toString()).contains(
                "mlflow 3.17.2 and pyspark 4.2.0 already installed",
                "[2/5] Kafka broker on 127.0.0.1:" + kafkaPort + ": started (pid ",
                "[4/5] MLflow server on http://127.0.0.1:" + mlflowPort + ": started (pid ",
                "[5/5] PostgreSQL on 127.0.0.1:" + postgresPort + ": started (pid ");
        long kafkaPid = pid("kafka");
        long mlflowPid = pid("mlflow");
        long postgresPid = pid("postgres");

        assertKafkaHasTopicsWith3PartitionsAnd2HoursRetention();
        assertThat(health()).isEqualTo(200);

        // What the demo leaves running (a generator, the scorer) is recorded in the same run folder.
        ManagedProcess generator = RunFolder.of(directory.resolve("work")).start("generator", new ProcessBuilder("sleep", "300"));

        assertThat(run("stack", "status")).isZero();
        assertThat(out.toString()).containsPattern("kafka +127\\.0\\.0\\.1:" + kafkaPort + " +" + kafkaPid + " +up \\(answers\\)");
        assertThat(out.toString()).containsPattern("mlflow +http://127\\.0\\.0\\.1:" + mlflowPort + " +" + mlflowPid + " +up \\(answers\\)");
        assertThat(out.toString()).containsPattern("postgres +jdbc:postgresql://127\\.0\\.0\\.1:" + postgresPort + "/mlcycle +"
                + postgresPid + " +up \\(answers\\)");
        assertThat(out.toString()).containsPattern("generator +- +" + generator.pid() + " +running");

        assertThat(run("stack", "up")).isZero();
        assertThat(out.toString()).contains("already running (pid " + kafkaPid + ")", "already running (pid " + mlflowPid + ")",
                "already running (pid " + postgresPid + ")");

        assertThat(run("stack", "down")).isZero();
        assertThat(out.toString()).containsSubsequence(
                "Stopping generator (pid " + generator.pid() + ")... stopped",
                "Stopping postgres (pid " + postgresPid + ")... stopped",
                "Stopping mlflow (pid " + mlflowPid + ")... stopped",
                "Stopping kafka (pid " + kafkaPid + ")... stopped");
        assertThat(generator.isAlive()).isFalse();
        assertThat(ProcessHandle.of(kafkaPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(mlflowPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(postgresPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(canBind(kafkaPort)).isTrue();
        assertThat(canBind(mlflowPort)).isTrue();

        assertThat(run("stack", "status")).isEqualTo(1);
        assertThat(out.toString()).containsPattern("kafka +127\\.0\\.0\\.1:" + kafkaPort + " +- +down");
        assertThat(out.toString()).containsPattern("mlflow +http://127\\.0\\.0\\.1:" + mlflowPort + " +- +down");

        assertThat(run("stack", "down")).isZero();
        assertThat(out.toString()).startsWith("Nothing to stop");
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsReportedWithItsTimeoutKeyAndLog() {
        int exitCode;
        try {
            exitCode = run("-Dmlcycle.stack.mlflow.startup-timeout=1ms", "stack", "up");
        } finally {
            System.clearProperty("mlcycle.stack.mlflow.startup-timeout"); // -D overrides are system properties of this JVM
        }

        assertThat(exitCode).as("stack up: %s%s", out, err).isEqualTo(1);
        assertThat(err.toString())
                .contains("did not answer http://127.0.0.1:" + mlflowPort + "/health within")
                .contains("(mlcycle.stack.mlflow.startup-timeout). Read its log: " + directory.resolve("work").resolve("run").resolve("mlflow.log"))
                .doesNotContain("\tat ");
    }

    private void assertKafkaHasTopicsWith3PartitionsAnd2HoursRetention() throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (Admin admin = Admin.create(properties)) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
            Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.values().stream().collect(Collectors.toMap(TopicDescription::name, topic -> topic.partitions().size())))
                    .isEqualTo(Map.of("events", 3, "predictions", 3, "events-dead-letter", 3, "alerts", 3, "labels", 3));
            List<ConfigResource> resources = TOPICS.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.values()).allSatisfy(topicConfig ->
                    assertThat(topicConfig.get("retention.ms").value()).isEqualTo("7200000"));
        }
    }

    private int health() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mlflowPort + "/health")).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long pid(String service) throws Exception {
        // "<pid> <start ticks>": the pid comes first
        return Long.parseLong(Files.readString(directory.resolve("work/run/" + service + ".pid")).strip().split(" ")[0]);
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private int run(String... command) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] args = new String[command.length + 2];
        args[0] = "--config";
        args[1] = config.toString();
        System.arraycopy(command, 0, args, 2, command.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
