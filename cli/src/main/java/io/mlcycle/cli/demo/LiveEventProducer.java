package io.mlcycle.cli.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.synthetic.LoanApplication;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.Regime;
import io.mlcycle.platform.kafka.TextProducers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces the demo's live stream: events as JSON to the events topic, and for each event its label to the
 * labels topic (the "delayed" ground truth the retrain joins later): the target of the dataset's label column, so
 * {@code defaulted} 0/1, {@code risk_grade} as text or {@code interest_rate} as a number. Rate-limited, idempotent producer.
 */
public final class LiveEventProducer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final KafkaSettings.Topics topics;
    private final LoanApplicationGenerator generator;
    private final String idColumn;
    private final String labelColumn;
    private final long nanosPerEvent;
    private long nextSendAt = System.nanoTime();
    private long produced;
    private long malformed;

    public LiveEventProducer(KafkaSettings kafka, LoanApplicationGenerator generator, String idColumn, String labelColumn, int eventsPerSecond) {
        this.producer = new KafkaProducer<>(TextProducers.properties(kafka.bootstrapServers()));
        this.topics = kafka.topics();
        this.generator = requireNonNull(generator, "generator is null");
        this.idColumn = requireNonNull(idColumn, "idColumn is null");
        this.labelColumn = requireNonNull(labelColumn, "labelColumn is null");
        this.nanosPerEvent = 1_000_000_000L / eventsPerSecond;
    }

    /** Where live event time starts: the first window boundary after the history. */
    public static Instant liveStart(Instant historyStart, Duration historyInterval, long historyRows, Duration window) {
        long end = historyStart.plus(historyInterval.multipliedBy(historyRows)).getEpochSecond();
        long windowSeconds = window.getSeconds();
        return Instant.ofEpochSecond((end / windowSeconds + 1) * windowSeconds);
    }

    /** Produces {@code count} events of the regime, each followed by its label. */
    public void produce(Regime regime, int count) {
        for (int i = 0; i < count; i++) {
            LoanApplication application = generator.next(regime);
            pace();
            producer.send(new ProducerRecord<>(topics.events(), application.applicationId(), json(application.event())));
            Map<String, Object> label = new LinkedHashMap<>();
            label.put(idColumn, application.applicationId());
            label.put(labelColumn, label(application));
            producer.send(new ProducerRecord<>(topics.labels(), application.applicationId(), json(label)));
            produced++;
        }
        producer.flush();
    }

    /** The application's target that the dataset takes as its label: defaulted (0/1), risk_grade (text) or interest_rate (a number). */
    private Object label(LoanApplication application) {
        Object label = application.labeledEvent().get(labelColumn);
        if (label == null) {
            throw new IllegalArgumentException("Cannot send labels of column '" + labelColumn + "' (mlcycle.dataset.label-column): the built-in"
                    + " generator writes defaulted, risk_grade and interest_rate. Run the demo with one of its tasks (--task).");
        }
        return label;
    }

    /** Produces events that must be rejected: broken JSON, a non-numeric feature, a missing id. */
    public void produceMalformed(int count) {
        for (int i = 0; i < count; i++) {
            String value = switch (i % 3) {
                case 0 -> "{\"application_id\": \"broken-" + i + "\", \"amount\": 12";
                case 1 -> "{\"application_id\": \"bad-amount-" + i + "\", \"customer_id\": \"cust-1\", "
                        + "\"event_time\": \"2026-01-09T00:00:00Z\", \"amount\": \"twelve\"}";
                default -> "{\"customer_id\": \"cust-2\", \"event_time\": \"2026-01-09T00:00:00Z\", \"amount\": 100.0}";
            };
            producer.send(new ProducerRecord<>(topics.events(), "malformed-" + i, value));
            malformed++;
        }
        producer.flush();
    }

    public long produced() {
        return produced;
    }

    public long malformed() {
        return malformed;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private void pace() {
        long wait = nextSendAt - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        nextSendAt = Math.max(nextSendAt, System.nanoTime() - 1_000_000_000L) + nanosPerEvent;
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event as JSON: " + value, e);
        }
    }
}
