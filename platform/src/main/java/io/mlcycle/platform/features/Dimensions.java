package io.mlcycle.platform.features;

import io.mlcycle.common.features.Lookups;
import io.mlcycle.platform.delta.Lineage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The dimension tables of a dataset's lookups, one per lookup in the order of {@code mlcycle.dataset.features.lookups}. */
public record Dimensions(List<Dimension> dimensions) {
    public Dimensions {
        dimensions = List.copyOf(dimensions);
    }

    /** {@code rows} with every lookup's columns left-joined ({@link Lookups#join}): a row without a match gets nulls. */
    public Dataset<Row> join(Dataset<Row> rows) {
        Dataset<Row> result = rows;
        for (Dimension dimension : dimensions) {
            result = Lookups.join(result, dimension.rows(), dimension.lookup());
        }
        return result;
    }

    /** The version of each lookup's dimension by lookup name: the Delta version read, empty for Parquet/CSV files. */
    public Map<String, OptionalLong> versions() {
        Map<String, OptionalLong> versions = new LinkedHashMap<>();
        dimensions.forEach(d -> versions.put(d.lookup().name(), d.version()));
        return Collections.unmodifiableMap(versions);
    }

    /** The Delta dimension tables at the versions read, for a commit's {@link Lineage#reads()}. */
    public List<Lineage.TableVersion> reads() {
        return dimensions.stream().filter(d -> d.version().isPresent())
                .map(d -> new Lineage.TableVersion(d.lookup().path(), d.version().getAsLong())).toList();
    }

    /** The Parquet/CSV dimensions (no versions), for a commit's {@link Lineage#sources()}: {@code parquet:<path>}, {@code csv:<path>}. */
    public List<String> sources() {
        return dimensions.stream().filter(d -> d.version().isEmpty())
                .map(d -> d.lookup().format().name().toLowerCase(Locale.ROOT) + ":" + d.lookup().path()).toList();
    }

    /** For logs: {@code customers version 3, regions parquet files}. */
    public String describe() {
        return String.join(", ", dimensions.stream().map(d -> d.lookup().name() + " " + (d.version().isPresent()
                ? "version " + d.version().getAsLong() : d.lookup().format().name().toLowerCase(Locale.ROOT) + " files")).toList());
    }

    /** Whether the dataset has no lookups. */
    public boolean isEmpty() {
        return dimensions.isEmpty();
    }
}
