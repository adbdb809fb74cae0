package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

import io.mlcycle.platform.mlflow.ChampionHistory.Entry;
import io.mlcycle.platform.mlflow.MlflowModelRegistry.RegisteredModel;
import io.mlcycle.platform.mlflow.MlflowModelRegistry.RegisteredVersion;
import io.mlcycle.platform.mlflow.PromotionException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves a registered model's champion alias by hand, keeping who did it, when and why: as tags of the version that
 * became champion ({@value #PROMOTED_BY_TAG}, {@value #PROMOTED_AT_TAG}, {@value #PROMOTION_REASON_TAG}) and as an
 * entry of the model's champion history (tag {@value #HISTORY_TAG}), from which {@link #rollback} finds the previous
 * champion.
 *
 * <p>The alias is the truth; the history explains it. The alias moves before the history is written, so a failure in
 * between leaves a champion without its history entry, and the next promotion or rollback, finding a champion the
 * history does not end with, records it first.
 */
public final class ChampionPromotions {
    /** Version tag written by the quality gate; {@value #GATE_FAILED} blocks a promotion that is not forced. */
    public static final String GATE_TAG = "mlcycle.gate";
    public static final String GATE_FAILED = "failed";
    public static final String PROMOTED_BY_TAG = "mlcycle.promoted_by";
    public static final String PROMOTED_AT_TAG = "mlcycle.promoted_at";
    public static final String PROMOTION_REASON_TAG = "mlcycle.promotion_reason";
    public static final String HISTORY_TAG = "mlcycle.champion_history";
    private static final String UNKNOWN = "unknown";

    /** Whether a version whose quality gate failed may be promoted. */
    public enum GateCheck {
        /** Refuse it. */
        ENFORCE,
        /** Promote it anyway (the {@code --force} of the command line); the outcome warns. */
        OVERRIDE
    }

    /** Who changes the champion and why. */
    public record Change(String by, String reason) {
        public Change {
            requireNonNull(by, "by is null");
            requireNonNull(reason, "reason is null");
            if (by.isBlank() || reason.isBlank()) {
                throw new IllegalArgumentException("Cannot change a champion without saying who and why: by='" + by + "', reason='" + reason + "'");
            }
        }
    }

    /** What happened: the alias moved from {@code from} (empty when there was no champion) to {@code to}. */
    public record Outcome(String model, String alias, Optional<String> from, String to, List<String> warnings) {
        public Outcome {
            requireNonNull(model, "model is null");
            requireNonNull(alias, "alias is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            warnings = List.copyOf(warnings);
        }

        public boolean changed() {
            return !from.equals(Optional.of(to));
        }
    }

    private final MlflowModelRegistry registry;
    private final String alias;
    private final Clock clock;

    public ChampionPromotions(MlflowModelRegistry registry, String championAlias, Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.alias = requireNonNull(championAlias, "championAlias is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Points the champion alias at {@code version}; nothing changes when it is the champion already. */
    public Outcome promote(String model, String version, Change change, GateCheck gate) {
        String what = "promote version " + version + " of model '" + model + "'";
        RegisteredModel registered = registry.registeredModel(model).orElseThrow(() -> unknownModel(what, model));
        RegisteredVersion target = registry.registeredVersion(model, version).orElseThrow(() -> unknownVersion(what, model, version));
        Optional<String> current = Optional.ofNullable(registered.aliases().get(alias));
        if (current.equals(Optional.of(version))) {
            return new Outcome(model, alias, current, version, List.of());
        }
        List<String> warnings = new ArrayList<>();
        checkReady(what, target, gate, warnings);
        Instant now = clock.instant();
        List<Entry> history = historyEndingWith(registered, current);
        moveAlias(model, version, change, now);
        history.add(new Entry(ChampionHistory.PROMOTE, version, current.orElse(""), now.toString(), change.by(), change.reason()));
        registry.setModelTag(model, HISTORY_TAG, ChampionHistory.toJson(history));
        return new Outcome(model, alias, current, version, warnings);
    }

    /** Points the champion alias back at the champion before the current one, skipping versions deleted since. */
    public Outcome rollback(String model, Change change) {
        String what = "roll back model '" + model + "'";
        RegisteredModel registered = registry.registeredModel(model).orElseThrow(() -> unknownModel(what, model));
        String current = registered.aliases().get(alias);
        if (current == null) {
            throw new PromotionException(Reason.NO_CHAMPION, "Cannot " + what + ": it has no '" + alias + "' alias, so there is nothing to"
                    + " roll back from. Choose a version with ./mlcycle promote " + model + " <version> --reason \"...\".");
        }
        List<Entry> history = historyEndingWith(registered, Optional.of(current));
        List<String> warnings = new ArrayList<>();
        String target = previousChampion(model, current, ChampionHistory.champions(history), warnings).orElseThrow(() ->
                new PromotionException(Reason.NO_PREVIOUS_CHAMPION, "Cannot " + what + ": its champion history (tag " + HISTORY_TAG
                        + ") has no champion before version " + current + " that still exists. Choose a version with ./mlcycle promote "
                        + model + " <version> --reason \"...\"."));
        Instant now = clock.instant();
        moveAlias(model, target, change, now);
        history.add(new Entry(ChampionHistory.ROLLBACK, target, current, now.toString(), change.by(), change.reason()));
        registry.setModelTag(model, HISTORY_TAG, ChampionHistory.toJson(history));
        return new Outcome(model, alias, Optional.of(current), target, warnings);
    }

    private void checkReady(String what, RegisteredVersion target, GateCheck gate, List<String> warnings) {
        String version = target.version().version();
        if (!"READY".equals(target.status())) {
            throw new PromotionException(Reason.NOT_READY, "Cannot " + what + ": its status is " + target.status()
                    + ", not READY. Register the model again, or promote another version.");
        }
        if (MlflowModelRegistry.REGISTRATION_INCOMPLETE.equals(target.tags().get(MlflowModelRegistry.REGISTRATION_TAG))) {
            throw new PromotionException(Reason.NOT_READY, "Cannot " + what + ": its registration did not finish (tag "
                    + MlflowModelRegistry.REGISTRATION_TAG + " = " + MlflowModelRegistry.REGISTRATION_INCOMPLETE
                    + "). Run the job that registered it again, which finishes it, or promote another version.");
        }
        if (!GATE_FAILED.equals(target.tags().get(GATE_TAG))) {
            return;
        }
        if (gate == GateCheck.ENFORCE) {
            throw new PromotionException(Reason.GATE_FAILED, "Cannot " + what + ": it failed its quality gate (tag " + GATE_TAG + " = "
                    + GATE_FAILED + "). Promote a version that passed, or add --force to promote this one anyway.");
        }
        warnings.add("version " + version + " failed its quality gate (tag " + GATE_TAG + " = " + GATE_FAILED + "); promoted anyway because of --force");
    }

    /** The history, with the current champion appended when it was set without an entry (by a job, or a failed write). */
    private List<Entry> historyEndingWith(RegisteredModel registered, Optional<String> current) {
        List<Entry> history = ChampionHistory.parse(registered.tags().get(HISTORY_TAG), registered.name());
        List<String> champions = ChampionHistory.champions(history);
        String last = champions.isEmpty() ? "" : champions.get(champions.size() - 1);
        if (current.isPresent() && !current.get().equals(last)) {
            history.add(new Entry(ChampionHistory.PROMOTE, current.get(), last, UNKNOWN, UNKNOWN,
                    "was '" + alias + "' before this change without a recorded promotion (set by a job, or outside mlcycle)"));
        }
        return history;
    }

    private Optional<String> previousChampion(String model, String current, List<String> champions, List<String> warnings) {
        for (int i = champions.size() - 2; i >= 0; i--) {
            String candidate = champions.get(i);
            if (candidate.equals(current)) {
                continue;
            }
            if (registry.registeredVersion(model, candidate).isPresent()) {
                return Optional.of(candidate);
            }
            warnings.add("skipped version " + candidate + ", an earlier champion: it was deleted");
        }
        return Optional.empty();
    }

    private void moveAlias(String model, String version, Change change, Instant now) {
        promotionTags(change, now).forEach((key, value) -> registry.setVersionTag(model, version, key, value));
        registry.setAlias(model, alias, version);
    }

    private static PromotionException unknownModel(String what, String model) {
        return new PromotionException(Reason.UNKNOWN_MODEL, "Cannot " + what + ": there is no registered model '" + model
                + "'. Check the name in the MLflow UI (Models), or train one first.");
    }

    private PromotionException unknownVersion(String what, String model, String version) {
        List<String> versions = registry.versions(model).stream().map(v -> v.version()).toList();
        return new PromotionException(Reason.UNKNOWN_VERSION, "Cannot " + what + ": it has no version " + version
                + (versions.isEmpty() ? " (it has no versions)." : " (versions: " + String.join(", ", versions) + ")."));
    }

    private static Map<String, String> promotionTags(Change change, Instant at) {
        return Map.of(PROMOTED_BY_TAG, change.by(), PROMOTED_AT_TAG, at.toString(), PROMOTION_REASON_TAG, change.reason());
    }
}
