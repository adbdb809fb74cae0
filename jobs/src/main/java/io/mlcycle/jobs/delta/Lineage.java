package io.mlcycle.jobs.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a job run read, stored as JSON in the Delta commit it writes (userMetadata) and logged to MLflow. */
public record Lineage(String job, String runId, List<TableVersion> reads) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Delta table at one version. */
    public record TableVersion(String table, long version) {}

    public Lineage {
        reads = List.copyOf(reads);
    }

    public String toJson() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("job", job);
        value.put("run_id", runId);
        value.put("reads", reads.stream().map(r -> Map.of("table", r.table(), "version", r.version())).toList());
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write lineage as JSON: " + value, e);
        }
    }
}
