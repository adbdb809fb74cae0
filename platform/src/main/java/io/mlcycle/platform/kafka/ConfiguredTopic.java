package io.mlcycle.platform.kafka;

import static java.util.Objects.requireNonNull;

/** A topic name and the configuration key it comes from, so that a message about the topic can say what to change. */
public record ConfiguredTopic(String name, String key) {
    public ConfiguredTopic {
        requireNonNull(name, "name is null");
        requireNonNull(key, "key is null");
    }

    @Override
    public String toString() {
        return name + " (" + key + ")";
    }
}
