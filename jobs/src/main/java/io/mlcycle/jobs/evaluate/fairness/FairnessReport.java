package io.mlcycle.jobs.evaluate.fairness;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Group fairness of a binary classifier across the groups of one sensitive attribute. Every group is reported; only
 * groups of at least {@code minGroupRows} rows count in the gaps (a handful of rows would make any gap noise):
 * <ul>
 *   <li>demographic parity difference: max - min selection rate (share predicted positive) over those groups; 0 is parity;
 *   <li>equal opportunity difference: max - min true-positive rate over those groups that have positive labels
 *       (a group without positives has no TPR and is left out, with a note);
 *   <li>disparate impact ratio: min / max selection rate; 1 is parity, the "four-fifths rule" flags below 0.8. When
 *       every group's selection rate is 0 (0/0) it is defined as 1: every group is treated alike.
 * </ul>
 * A gap needs two groups to compare; with fewer it is empty and a note says why.
 */
public record FairnessReport(
        String attribute,
        long minGroupRows,
        List<GroupRates> groups,
        OptionalDouble demographicParityDifference,
        OptionalDouble equalOpportunityDifference,
        OptionalDouble disparateImpactRatio,
        List<String> notes) {
    public FairnessReport {
        requireNonNull(attribute, "attribute is null");
        groups = List.copyOf(groups);
        requireNonNull(demographicParityDifference, "demographicParityDifference is null");
        requireNonNull(equalOpportunityDifference, "equalOpportunityDifference is null");
        requireNonNull(disparateImpactRatio, "disparateImpactRatio is null");
        notes = List.copyOf(notes);
    }

    /** The report of {@code groups}, each built with the same {@code minGroupRows}. */
    public static FairnessReport of(String attribute, long minGroupRows, List<GroupRates> groups) {
        List<String> notes = new ArrayList<>();
        List<GroupRates> compared = new ArrayList<>();
        List<GroupRates> withPositives = new ArrayList<>();
        for (GroupRates group : groups) {
            if (group.minRows() != minGroupRows) {
                throw new IllegalArgumentException("Cannot report fairness of '" + attribute + "': group '" + group.group()
                        + "' was built with a minimum of " + group.minRows() + " rows, the report with " + minGroupRows);
            }
            if (!group.comparable()) {
                notes.add("group '" + group.group() + "' (" + group.rows() + " rows) is reported but left out of the gaps: fewer than "
                        + minGroupRows + " rows");
            } else if (group.truePositiveRate().isEmpty()) {
                compared.add(group);
                notes.add("group '" + group.group() + "' has no positive labels: left out of the equal opportunity difference");
            } else {
                compared.add(group);
                withPositives.add(group);
            }
        }
        OptionalDouble parity = spread(compared, GroupRates::selectionRate, "demographic parity difference", notes);
        OptionalDouble opportunity = spread(withPositives, g -> g.truePositiveRate().getAsDouble(), "equal opportunity difference", notes);
        OptionalDouble impact = compared.size() < 2 ? OptionalDouble.empty() : OptionalDouble.of(impactRatio(compared));
        return new FairnessReport(attribute, minGroupRows, groups, parity, opportunity, impact, notes);
    }

    /**
     * The report as {@code <prefix>fairness_<attribute>_<metric>} (e.g. {@code fairness_region_demographic_parity_difference})
     * and per group {@code <prefix>fairness_<attribute>_group_<key>_<rate>}; empty values are left out.
     */
    public Map<String, Double> asMetrics(String prefix) {
        String base = prefix + "fairness_" + MetricKeys.sanitize(attribute) + "_";
        Map<String, Double> metrics = new LinkedHashMap<>();
        demographicParityDifference.ifPresent(value -> metrics.put(base + "demographic_parity_difference", value));
        equalOpportunityDifference.ifPresent(value -> metrics.put(base + "equal_opportunity_difference", value));
        disparateImpactRatio.ifPresent(value -> metrics.put(base + "disparate_impact_ratio", value));
        metrics.put(base + "groups_compared", (double) groups.stream().filter(GroupRates::comparable).count());
        for (GroupRates group : groups) {
            String groupBase = base + "group_" + group.key() + "_";
            metrics.put(groupBase + "rows", (double) group.rows());
            metrics.put(groupBase + "selection_rate", group.selectionRate());
            group.truePositiveRate().ifPresent(value -> metrics.put(groupBase + "true_positive_rate", value));
        }
        return metrics;
    }

    private static OptionalDouble spread(List<GroupRates> groups, ToDoubleFunction<GroupRates> rate, String name, List<String> notes) {
        if (groups.size() < 2) {
            notes.add(name + " undefined: " + groups.size() + " group(s) to compare, two needed");
            return OptionalDouble.empty();
        }
        double max = groups.stream().mapToDouble(rate).max().orElseThrow();
        double min = groups.stream().mapToDouble(rate).min().orElseThrow();
        return OptionalDouble.of(max - min);
    }

    private static double impactRatio(List<GroupRates> groups) {
        double max = groups.stream().mapToDouble(GroupRates::selectionRate).max().orElseThrow();
        double min = groups.stream().mapToDouble(GroupRates::selectionRate).min().orElseThrow();
        return max == 0.0 ? 1.0 : min / max;
    }
}
