package io.mlcycle.common.dataset.source;

import io.mlcycle.common.config.ConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a dataset's raw records come from. Each source is ingested into a bronze Delta table of its own,
 * {@code <lake.root>/<lake.bronze-dir>/<name>}, which keeps the raw values plus where and when each row came from.
 */
public sealed interface SourceSpec permits FileSource, JdbcSource, KafkaSource {
    /** Kinds of source, as written in {@code type = ...}. */
    enum Type {
        FILES,
        JDBC,
        KAFKA
    }

    /** Unique within the dataset; names the bronze table, so letters, digits, '-' and '_' only. */
    String name();

    Type type();

    /**
     * Reads {@code mlcycle.dataset.sources}: a list of objects, each with {@code name} and {@code type} and the keys of its
     * kind. Relative file paths resolve against {@code workDir}; a Kafka source without {@code bootstrap-servers} uses
     * {@code defaultBootstrapServers}.
     */
    static List<SourceSpec> readAll(ConfigReader reader, String key, Path workDir, String defaultBootstrapServers) {
        List<SourceSpec> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigReader element : reader.objectList(key, null)) {
            String name = element.nonBlankString("name");
            element.check(name.isEmpty() || name.matches("[A-Za-z0-9_-]+"), "name", "'" + name + "'",
                    "letters, digits, '-' and '_' only (it names the source's bronze table)");
            element.check(!names.contains(name), "name", "'" + name + "'", "a name no other source of this dataset has");
            names.add(name);
            Type type = element.choice("type", Type.class);
            sources.add(switch (type) {
                case FILES -> FileSource.read(element, name, workDir);
                case JDBC -> JdbcSource.read(element, name);
                case KAFKA -> KafkaSource.read(element, name, defaultBootstrapServers);
            });
        }
        reader.check(!sources.isEmpty() || !reader.has(key), key, "[]", "at least one source { name = ..., type = files|jdbc|kafka, ... }");
        return List.copyOf(sources);
    }
}
