package io.mlcycle.platform.delta;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job run read, stored as JSON in the Delta commit it writes ({@code userMetadata}) and logged to MLflow.
 * What it wrote is the commit itself (its table and version), so it is not repeated here.
 *
 * <p>{@code reads} are Delta tables at the version read; {@code sources} are the external origins that are not Delta
 * tables, as free-form descriptions such as {@code files:/data/in/a.csv}, {@code kafka:events/partition 0 offsets 10-20}
 * or {@code jdbc:public.loans updated_at > 2026-01-01T00:00:00Z}. The JSON form is
 * {@code {"job":…,"run_id":…,"reads":[{"table":…,"version":…}],"sources":[…]}}; it needs only Jackson,
 * so the CLI reads it without Spark.
 */
public record Lineage(String job, String runId, List<TableVersion> reads, List<String> sources) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Delta table at one version. */
    public record TableVersion(String table, long version) {
        public TableVersion {
            requireNonNull(table, "table is null");
        }
    }

    public Lineage {
        requireNonNull(job, "job is null");
        requireNonNull(runId, "runId is null");
        reads = List.copyOf(reads);
        sources = List.copyOf(sources);
    }

    /** A run that read only Delta tables. */
    public Lineage(String job, String runId, List<TableVersion> reads) {
        this(job, runId, reads, List.of());
    }

    public String toJson() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("job", job);
        value.put("run_id", runId);
        value.put("reads", reads.stream().map(Lineage::readJson).toList());
        value.put("sources", sources);
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write lineage as JSON: " + value, e);
        }
    }

    private static Map<String, Object> readJson(TableVersion read) {
        // Ordered, so that the same lineage is always the same text.
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("table", read.table());
        value.put("version", read.version());
        return value;
    }

    /**
     * The lineage in a commit's {@code userMetadata}, or empty when that text is not mlcycle lineage (no JSON object
     * with a {@code job}: a commit made by another tool). Commits written before a field existed read as without it:
     * no {@code run_id} is an empty run id, no {@code reads} or {@code sources} an empty list.
     */
    public static Optional<Lineage> fromJson(String userMetadata) {
        JsonNode root;
        try {
            root = JSON.readTree(userMetadata);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !root.path("job").isTextual()) {
            return Optional.empty();
        }
        List<TableVersion> reads = new ArrayList<>();
        for (JsonNode read : root.path("reads")) {
            if (read.path("table").isTextual() && read.path("version").canConvertToLong()) {
                reads.add(new TableVersion(read.path("table").asText(), read.path("version").asLong()));
            }
        }
        List<String> sources = new ArrayList<>();
        root.path("sources").forEach(source -> sources.add(source.asText()));
        return Optional.of(new Lineage(root.path("job").asText(), root.path("run_id").asText(""), reads, sources));
    }
}
