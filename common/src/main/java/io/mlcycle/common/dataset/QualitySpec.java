package io.mlcycle.common.dataset;

import io.mlcycle.common.config.ConfigReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validation and cleaning between bronze and silver, read from {@code mlcycle.dataset.quality}.
 *
 * @param maxRejectedShare the share of rows that may be rejected before the step fails and writes nothing to silver
 * @param rules checked on the typed, corrected values, in the order written
 * @param corrections text ones before the cast, numeric ones after it, each phase in the order written
 * @param liveEventPolicies by rule name, the rules whose {@code on-live-event} overrides {@code mlcycle.scorer.rule-policy}
 */
public record QualitySpec(double maxRejectedShare, List<QualityRule> rules, List<Correction> corrections,
                          Map<String, LiveEventPolicy> liveEventPolicies) {
    public QualitySpec {
        rules = List.copyOf(rules);
        corrections = List.copyOf(corrections);
        liveEventPolicies = Map.copyOf(liveEventPolicies);
    }

    /** Without per-rule policies on live events (every rule follows {@code mlcycle.scorer.rule-policy}). */
    public QualitySpec(double maxRejectedShare, List<QualityRule> rules, List<Correction> corrections) {
        this(maxRejectedShare, rules, corrections, Map.of());
    }

    /** The rule's own {@code on-live-event}, if it sets one. */
    public Optional<LiveEventPolicy> liveEventPolicy(String ruleName) {
        return Optional.ofNullable(liveEventPolicies.get(ruleName));
    }

    public static QualitySpec none() {
        return new QualitySpec(1.0, List.of(), List.of());
    }

    static QualitySpec read(ConfigReader reader, String key, List<ColumnSpec> schema, String labelColumn) {
        Map<String, ColumnSpec> columns = new LinkedHashMap<>();
        schema.forEach(column -> columns.putIfAbsent(column.name(), column));
        double share = reader.has(key + ".max-rejected-share") ? reader.doubleInRange(key + ".max-rejected-share", 0.0, 1.0) : 0.05;
        List<QualityRule> rules = new ArrayList<>();
        Map<String, LiveEventPolicy> liveEventPolicies = new HashMap<>();
        for (ConfigReader element : reader.objectList(key + ".rules", null)) {
            QualityRule rule = QualityRule.read(element, columns);
            rules.add(rule);
            liveEventPolicy(element, rule, labelColumn).ifPresent(policy -> liveEventPolicies.put(rule.name(), policy));
        }
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
        return new QualitySpec(share, rules, corrections, liveEventPolicies);
    }

    /** A rule's {@code on-live-event}; a rule that is never checked on live events cannot have one. */
    private static Optional<LiveEventPolicy> liveEventPolicy(ConfigReader element, QualityRule rule, String labelColumn) {
        if (!element.has(QualityRule.ON_LIVE_EVENT)) {
            return Optional.empty();
        }
        LiveEventPolicy policy = element.choice(QualityRule.ON_LIVE_EVENT, LiveEventPolicy.class);
        element.check(rule.type() != QualityRule.Type.UNIQUE_KEY, QualityRule.ON_LIVE_EVENT, ConfigReader.kebab(policy),
                "no on-live-event on a unique-key rule: it compares rows, so the scorer does not check it on single events");
        element.check(!rule.columns().contains(labelColumn), QualityRule.ON_LIVE_EVENT, ConfigReader.kebab(policy),
                "no on-live-event on a rule of the label column " + labelColumn + ": live events carry no label");
        return Optional.of(policy);
    }
}
