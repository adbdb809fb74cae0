package io.mlcycle.jobs.evaluate.gate;

import io.mlcycle.jobs.report.GateCheck;
import io.mlcycle.platform.mlflow.ChampionPromotions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The promotion gate's verdict: every check in order, each passed, failed or skipped (with why). The gate passes when
 * no check failed; a skipped check (no champion yet, too few groups to compare) does not fail it.
 */
public record GateResult(List<GateCheck> checks) {
    /** Tag prefix of each check: {@code mlcycle.gate.<check>}. */
    public static final String CHECK_TAG_PREFIX = ChampionPromotions.GATE_TAG + ".";
    public static final String FAILURES_TAG = ChampionPromotions.GATE_TAG + ".failures";
    public static final String PASSED = "passed";

    public GateResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().noneMatch(GateCheck::failed);
    }

    public List<GateCheck> failures() {
        return checks.stream().filter(GateCheck::failed).toList();
    }

    /**
     * Tags for the MLflow run and model version: {@code mlcycle.gate} = {@code passed} or {@code failed} (what
     * {@link ChampionPromotions} reads), {@code mlcycle.gate.<check>} = e.g. {@code passed: test auc-roc 0.8412 >= 0.6000},
     * and {@code mlcycle.gate.failures} = the failed checks in one line, or {@code none}.
     */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ChampionPromotions.GATE_TAG, passed() ? PASSED : ChampionPromotions.GATE_FAILED);
        for (GateCheck check : checks) {
            tags.put(CHECK_TAG_PREFIX + check.name(), check.outcome().name().toLowerCase(Locale.ROOT) + ": " + check.detail());
        }
        tags.put(FAILURES_TAG, failures().isEmpty() ? "none" : failureLine());
        return tags;
    }

    /** One line for logs: {@code gate passed (3 passed, 1 skipped)} or {@code gate failed: <failures>}. */
    public String summary() {
        if (!passed()) {
            return "gate failed: " + failureLine();
        }
        long skipped = checks.stream().filter(check -> check.outcome() == GateCheck.Outcome.SKIPPED).count();
        return "gate passed (" + (checks.size() - skipped) + " passed, " + skipped + " skipped)";
    }

    private String failureLine() {
        return failures().stream().map(check -> check.name() + " (" + check.detail() + ")").collect(Collectors.joining("; "));
    }
}
