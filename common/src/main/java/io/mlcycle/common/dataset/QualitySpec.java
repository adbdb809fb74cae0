package io.mlcycle.common.dataset;

import io.mlcycle.common.config.ConfigReader;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation and cleaning between bronze and silver, read from {@code mlcycle.dataset.quality}.
 *
 * @param maxRejectedShare the share of rows that may be rejected before the step fails and writes nothing to silver
 * @param rules checked on the typed, corrected values, in the order written
 * @param corrections text ones before the cast, numeric ones after it, each phase in the order written
 */
public record QualitySpec(double maxRejectedShare, List<QualityRule> rules, List<Correction> corrections) {
    public QualitySpec {
        rules = List.copyOf(rules);
        corrections = List.copyOf(corrections);
    }

    public static QualitySpec none() {
        return new QualitySpec(1.0, List.of(), List.of());
    }

    static QualitySpec read(ConfigReader reader, String key, List<ColumnSpec> schema) {
        Map<String, ColumnSpec> columns = new LinkedHashMap<>();
        schema.forEach(column -> columns.putIfAbsent(column.name(), column));
        double share = reader.has(key + ".max-rejected-share") ? reader.doubleInRange(key + ".max-rejected-share", 0.0, 1.0) : 0.05;
        List<QualityRule> rules = reader.objectList(key + ".rules", null).stream().map(element -> QualityRule.read(element, columns)).toList();
        List<Correction> corrections = reader.objectList(key + ".corrections", null).stream()
                .map(element -> Correction.read(element, columns)).toList();
        Set<String> ruleNames = new HashSet<>();
        for (QualityRule rule : rules) {
            reader.check(ruleNames.add(rule.name()), key + ".rules", "'" + rule.name() + "'", "each rule name used once (set name = ... to tell them apart)");
            boolean reserved = QualityRule.RESERVED_PREFIXES.stream().anyMatch(prefix -> rule.name().equals(prefix)
                    || (prefix.endsWith(":") && rule.name().startsWith(prefix)));
            reader.check(!reserved, key + ".rules", "'" + rule.name() + "'", "a name not starting with one of mlcycle's own checks " + QualityRule.RESERVED_PREFIXES);
        }
        Set<String> correctionNames = new HashSet<>();
        for (Correction correction : corrections) {
            reader.check(correctionNames.add(correction.name()), key + ".corrections", "'" + correction.name() + "'",
                    "each correction name used once (set name = ... to tell them apart)");
        }
        return new QualitySpec(share, rules, corrections);
    }
}
