package io.mlcycle.common.drift;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A categorical feature's reference: the most frequent training categories get a bin each (bin {@code i}
 * for {@code categories.get(i)}), every other non-null value shares the "other" bin
 * ({@code categories.size()}), and null has the missing bin ({@code categories.size() + 1}).
 * Matching is exact and case-sensitive; an empty string is a category, not a missing value.
 */
public record CategoricalReference(String feature, List<String> categories, List<Long> counts) implements FeatureReference {
    public CategoricalReference {
        requireNonNull(feature, "feature is null");
        categories = List.copyOf(categories);
        if (new HashSet<>(categories).size() != categories.size()) {
            throw new IllegalArgumentException("Cannot use categories for feature " + feature + ": " + categories
                    + ". Each category must appear once.");
        }
        counts = FeatureReference.checkedCounts(feature, counts, categories.size() + 2);
    }

    /** Bins for {@code categories} with no rows counted yet. */
    public static CategoricalReference withCategories(String feature, List<String> categories) {
        return new CategoricalReference(feature, categories, Collections.nCopies(categories.size() + 2, 0L));
    }

    public int otherBin() {
        return categories.size();
    }

    public int missingBin() {
        return categories.size() + 1;
    }

    @Override
    public String binLabel(int bin) {
        if (bin == missingBin()) {
            return "(missing)";
        }
        if (bin == otherBin()) {
            return "(other)";
        }
        return categories.get(bin);
    }

    @Override
    public Column binIndex(Column value) {
        Column text = value.cast("string");
        Column bin = when(text.isNull(), missingBin());
        for (int i = 0; i < categories.size(); i++) {
            bin = bin.when(text.equalTo(lit(categories.get(i))), i);
        }
        return bin.otherwise(otherBin());
    }

    @Override
    public CategoricalReference withCounts(long[] newCounts) {
        return new CategoricalReference(feature, categories, Arrays.stream(newCounts).boxed().toList());
    }
}
