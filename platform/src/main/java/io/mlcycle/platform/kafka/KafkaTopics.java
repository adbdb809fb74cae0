package io.mlcycle.platform.kafka;

import static java.util.Objects.requireNonNull;

import io.mlcycle.platform.kafka.KafkaTopicsException.Category;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * mlcycle's topics on a Kafka cluster, through one {@link Admin} client. Every call is bounded by the timeout given at
 * {@link #connect}, so that an unreachable broker fails at start-up with a message naming
 * {@code mlcycle.kafka.bootstrap-servers} instead of a producer's 60-second metadata wait. Topics are created with
 * mlcycle's partitions and retention ({@code mlcycle.kafka.partitions}, {@code mlcycle.kafka.retention}), replication 1
 * (the local stack has one broker).
 */
public final class KafkaTopics implements AutoCloseable {
    private static final String SERVERS_KEY = "mlcycle.kafka.bootstrap-servers";

    private final String bootstrapServers;
    private final Duration timeout;
    private final Admin admin;

    private KafkaTopics(String bootstrapServers, Duration timeout, Admin admin) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.admin = admin;
    }

    public static KafkaTopics connect(String bootstrapServers, Duration timeout) {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(timeout, "timeout is null");
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "mlcycle-topics");
        return new KafkaTopics(bootstrapServers, timeout, Admin.create(properties));
    }

    /** A topic as mlcycle creates it. */
    public static NewTopic newTopic(String name, int partitions, Duration retention) {
        return new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis())));
    }

    /** The names of the topics that exist. */
    public Set<String> names() {
        return await(admin.listTopics().names(), "list the topics");
    }

    /**
     * Fails unless every one of {@code inputs} exists; creates those of {@code outputs} that do not when {@code createOutputs}
     * says so, fails otherwise. Returns the topics it created.
     */
    public List<String> requireOrCreate(List<ConfiguredTopic> inputs, List<ConfiguredTopic> outputs, CreateMissing createOutputs,
                                        int partitions, Duration retention) {
        Set<String> existing = names();
        for (ConfiguredTopic input : inputs) {
            if (!existing.contains(input.name())) {
                throw new KafkaTopicsException(Category.MISSING_TOPIC, "Cannot read topic " + input + ": it does not exist on "
                        + bootstrapServers + ". Create it (./mlcycle stack up creates mlcycle's topics), or set " + input.key()
                        + " to the topic to read.", null);
            }
        }
        List<ConfiguredTopic> missing = outputs.stream().filter(output -> !existing.contains(output.name())).toList();
        if (!missing.isEmpty() && createOutputs == CreateMissing.NO) {
            ConfiguredTopic first = missing.get(0);
            throw new KafkaTopicsException(Category.MISSING_TOPIC, "Cannot write to topic " + first + ": it does not exist on "
                    + bootstrapServers + (missing.size() > 1 ? " (nor do " + missing.subList(1, missing.size()) + ")" : "")
                    + " and mlcycle.kafka.create-topics is false. Create it, set mlcycle.kafka.create-topics = true to let mlcycle"
                    + " create it, or set " + first.key() + " to an existing topic.", null);
        }
        return create(missing, partitions, retention);
    }

    /** Creates the topics that do not exist yet (one created meanwhile by someone else counts as existing); returns those it created. */
    public List<String> create(List<ConfiguredTopic> topics, int partitions, Duration retention) {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<Void>> creations = admin.createTopics(topics.stream()
                .map(topic -> newTopic(topic.name(), partitions, retention)).toList()).values();
        List<String> created = new ArrayList<>();
        for (ConfiguredTopic topic : topics) {
            try {
                await(creations.get(topic.name()), "create topic " + topic);
                created.add(topic.name());
            } catch (KafkaTopicsException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return List.copyOf(created);
    }

    /** Whether {@link #requireOrCreate} creates missing output topics ({@code mlcycle.kafka.create-topics}). */
    public enum CreateMissing {
        YES,
        NO;

        public static CreateMissing of(boolean create) {
            return create ? YES : NO;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what, e.getCause());
            }
            throw new KafkaTopicsException(Category.REJECTED, "Cannot " + what + " on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTopicsException(Category.UNREACHABLE, "Interrupted while waiting to " + what, e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private KafkaTopicsException unreachable(String what, Throwable cause) {
        return new KafkaTopicsException(Category.UNREACHABLE, "Cannot " + what + ": Kafka at " + bootstrapServers + " ("
                + SERVERS_KEY + ") did not answer within " + seconds(timeout) + ". Start it (./mlcycle stack up) or point "
                + SERVERS_KEY + " at your brokers.", cause);
    }
}
