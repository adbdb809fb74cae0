package io.mlcycle.jobs.ingest;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.dataset.source.FileSource;
import io.mlcycle.common.dataset.source.FileSource.Format;
import io.mlcycle.common.dataset.source.KafkaSource;
import io.mlcycle.common.dataset.source.SourceSpec;
import java.nio.file.Path;
import java.util.List;

/** The small dataset the ingest tests use: columns id, name, amount; and a lake under a test folder. */
final class IngestFixtures {
    static final List<String> COLUMNS = List.of("id", "name", "amount");

    private IngestFixtures() {}

    static DatasetSpec dataset(List<SourceSpec> sources) {
        return new DatasetSpec("ingest-test", TaskType.REGRESSION, "id", "", "", "amount", "",
                List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("name", ColumnType.STRING, true),
                        new ColumnSpec("amount", ColumnType.DOUBLE, true)),
                List.of(), sources, List.of(), QualitySpec.none(), FeatureSpec.of(List.of(), List.of("name")));
    }

    static LakeSettings lake(Path root) {
        String lake = root.resolve("lake").toString();
        return new LakeSettings(lake + "/bronze", lake + "/silver", lake + "/quarantine", lake + "/features", lake + "/predictions",
                lake + "/dead_letters", lake + "/drift", lake + "/alerts", lake + "/drift_counts", lake + "/meta/ingestion_log");
    }

    /** A CSV source with Spark's usual options: header, ',', '"', '\', "" for null, UTF-8. */
    static FileSource csv(String name, Path path) {
        return new FileSource(name, Format.CSV, path.toString(), true, ",", "\"", "\\", "", "UTF-8");
    }

    static FileSource files(String name, Format format, Path path) {
        return new FileSource(name, format, path.toString(), true, ",", "\"", "\\", "", "UTF-8");
    }

    static KafkaSource kafka(String name, String topic, String bootstrapServers, long maxRecordsPerRun) {
        return new KafkaSource(name, topic, bootstrapServers, maxRecordsPerRun);
    }
}
