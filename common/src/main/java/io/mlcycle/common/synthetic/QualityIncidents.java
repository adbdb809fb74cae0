package io.mlcycle.common.synthetic;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded data-quality incidents on raw records (column name to value), as real sources produce them: a value
 * missing, a numeric value out of its plausible range, a value that is not of its type, a record delivered twice.
 * Each incident hits a record with its configured share, independently; the id and event-time columns are never
 * blanked, so every damaged record can still be traced.
 */
public final class QualityIncidents {
    /** Shares of records (0 to 1) that get each incident. */
    public record Shares(double missingValue, double outOfRange, double malformed, double duplicate) implements java.io.Serializable {
        public static final Shares NONE = new Shares(0, 0, 0, 0);

        public Shares {
            for (double share : new double[] {missingValue, outOfRange, malformed, duplicate}) {
                if (share < 0 || share > 1) {
                    throw new IllegalArgumentException("Cannot use an incident share of " + share + ": it must be from 0 to 1");
                }
            }
        }
    }

    private final SplittableRandom random;
    private final Shares shares;
    private final List<String> blankable;
    private final Map<String, Object> outOfRangeValues;
    private final List<String> outOfRangeColumns;
    private final List<String> numericColumns;

    /**
     * @param blankable columns that may go missing
     * @param outOfRangeValues per numeric column, an implausible value to put in it (e.g. age -> -7)
     * @param numericColumns columns that may receive a non-numeric text
     */
    public QualityIncidents(long seed, Shares shares, List<String> blankable, Map<String, Object> outOfRangeValues, List<String> numericColumns) {
        this.random = new SplittableRandom(seed);
        this.shares = requireNonNull(shares, "shares is null");
        this.blankable = List.copyOf(blankable);
        this.outOfRangeValues = Map.copyOf(outOfRangeValues);
        this.outOfRangeColumns = outOfRangeValues.keySet().stream().sorted().toList();
        this.numericColumns = List.copyOf(numericColumns);
    }

    /** The incidents of the built-in loan applications: any feature may go missing, ages and scores go implausible. */
    public static QualityIncidents forLoanApplications(long seed, Shares shares) {
        return new QualityIncidents(seed, shares,
                List.of("amount", "income", "age", "credit_score", "tenure_months", "open_loans", "channel", "region", "employment"),
                Map.of("age", -7.0, "credit_score", 9999.0, "amount", -500.0, "open_loans", 250.0),
                List.of("amount", "income", "age", "credit_score", "tenure_months", "open_loans"));
    }

    /** The record as delivered: possibly damaged, possibly twice (a duplicate is an identical copy). */
    public List<Map<String, Object>> apply(Map<String, Object> record) {
        // Every draw happens for every record, so one incident's share never changes which records get the others.
        boolean missing = random.nextDouble() < shares.missingValue();
        String missingColumn = pick(blankable);
        boolean outOfRange = random.nextDouble() < shares.outOfRange();
        String outOfRangeColumn = pick(outOfRangeColumns);
        boolean malformed = random.nextDouble() < shares.malformed();
        String malformedColumn = pick(numericColumns);
        boolean duplicate = random.nextDouble() < shares.duplicate();

        Map<String, Object> delivered = new LinkedHashMap<>(record);
        if (missing) {
            delivered.put(missingColumn, null);
        }
        if (outOfRange) {
            delivered.put(outOfRangeColumn, outOfRangeValues.get(outOfRangeColumn));
        }
        if (malformed) {
            delivered.put(malformedColumn, "n/a");
        }
        return duplicate ? List.of(delivered, new LinkedHashMap<>(delivered)) : List.of(delivered);
    }

    private String pick(List<String> columns) {
        return columns.get(random.nextInt(columns.size()));
    }
}
