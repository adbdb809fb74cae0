package io.mlcycle.platform.kafka;

import static java.util.Objects.requireNonNull;

/** A topic check or creation that failed; the message names the topic or broker, its configuration key and the fix. */
public final class KafkaTopicsException extends RuntimeException {
    /** What kind of failure it is, so callers and alerts can tell them apart. */
    public enum Category {
        /** No answer within the timeout: the brokers are down or mlcycle.kafka.bootstrap-servers is wrong. */
        UNREACHABLE,
        /** A topic the caller needs does not exist and is not to be created. */
        MISSING_TOPIC,
        /** The cluster refused a request (authorization, invalid topic settings, ...). */
        REJECTED
    }

    private final Category category;

    public KafkaTopicsException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = requireNonNull(category, "category is null");
    }

    public Category category() {
        return category;
    }
}
