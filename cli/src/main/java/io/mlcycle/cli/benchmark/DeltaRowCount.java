package io.mlcycle.cli.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The rows of a Delta table's latest version without Spark: its JSON commits replayed from version 0, each added file's
 * {@code numRecords} statistic counted until a later commit removes the file. Unknown (empty) when the log does not
 * start at version 0 (older commits cleaned up) or a file has no statistics; the benchmark then reports -1.
 */
final class DeltaRowCount {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST_COMMIT = "00000000000000000000.json";

    private DeltaRowCount() {}

    static OptionalLong of(Path table) {
        Path log = table.resolve("_delta_log");
        List<Path> commits = commits(log);
        if (commits.isEmpty() || !commits.get(0).getFileName().toString().equals(FIRST_COMMIT)) {
            return OptionalLong.empty();
        }
        Map<String, Long> rowsByFile = new HashMap<>();
        try {
            for (Path commit : commits) {
                if (!replay(commit, rowsByFile)) {
                    return OptionalLong.empty();
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(rowsByFile.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Applies one commit's add and remove actions; false when an added file has no row count. */
    private static boolean replay(Path commit, Map<String, Long> rowsByFile) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(commit)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode action = JSON.readTree(line);
                if (action.has("remove")) {
                    rowsByFile.remove(action.get("remove").path("path").asText());
                } else if (action.has("add")) {
                    JsonNode add = action.get("add");
                    JsonNode records = add.path("stats").isTextual() ? JSON.readTree(add.get("stats").asText()).path("numRecords") : null;
                    if (records == null || !records.canConvertToLong()) {
                        return false;
                    }
                    rowsByFile.put(add.path("path").asText(), records.asLong());
                }
            }
        }
        return true;
    }

    private static List<Path> commits(Path log) {
        if (!Files.isDirectory(log)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.filter(file -> file.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
