package io.mlcycle.common.dataset;

import io.mlcycle.common.config.ConfigReader;

/**
 * Validation and cleaning between bronze and silver, read from {@code mlcycle.dataset.quality}.
 *
 * @param maxRejectedShare the share of rows that may be rejected before the step fails and writes nothing
 */
public record QualitySpec(double maxRejectedShare) {
    public static QualitySpec none() {
        return new QualitySpec(1.0);
    }

    static QualitySpec read(ConfigReader reader, String key) {
        return new QualitySpec(reader.has(key + ".max-rejected-share") ? reader.doubleInRange(key + ".max-rejected-share", 0.0, 1.0) : 0.05);
    }
}
