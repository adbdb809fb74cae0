package io.mlcycle.common.quality;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Column names of the bronze-to-silver step. The bronze metadata names are those every bronze table has (the jobs'
 * {@code BronzeColumns}; a test keeps them equal); the working columns start with '_' like them, so they cannot clash
 * with a dataset's columns.
 */
public final class QualityColumns {
    public static final String SOURCE = "_source";
    public static final String ORIGIN = "_origin";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String INGEST_RUN = "_ingest_run_id";
    public static final String CORRUPT_RECORD = "_corrupt_record";

    /** The metadata silver keeps next to the typed schema columns: where and when each row came from. */
    public static final List<String> SILVER_METADATA = List.of(SOURCE, ORIGIN, INGESTED_AT, INGEST_RUN);

    /** Working column: the row's violated rules, an array of {rule, reason}; empty for a row that goes to silver. */
    public static final String VIOLATIONS = "_violations";
    /** Working column: the raw values of the schema columns (non-null ones, as text) and the corrupt record, if any. */
    public static final String RAW = "_raw";
    /** Working column: the names of the corrections that changed a value of the row. */
    public static final String CORRECTED = "_corrected";

    /** Quarantine columns next to {@link #SILVER_METADATA}. */
    public static final String RUN_ID = "silver_run_id";
    public static final String QUARANTINED_AT = "quarantined_at";
    public static final String QUARANTINE_VIOLATIONS = "violations";
    public static final String QUARANTINE_RAW = "raw";

    /** Rule name of a record the source could not split into columns. */
    public static final String MALFORMED = "malformed";
    /** Rule name of an older record of an id that occurs more than once (not counted in the rejected share). */
    public static final String DUPLICATE_ID = "duplicate-id";

    public static final DataType VIOLATION_TYPE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("rule", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true)));
    public static final DataType VIOLATIONS_TYPE = DataTypes.createArrayType(VIOLATION_TYPE, true);
    public static final DataType RAW_TYPE = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);

    private QualityColumns() {}
}
