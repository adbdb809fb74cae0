package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.scoring.ModelOutputs;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.platform.model.ModelCache;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The champion model, looked up in the registry once per micro-batch, so that a promotion takes effect on the next
 * batch without a restart.
 *
 * <p>A version's files are downloaded once into {@code <cache>/<model>/<version>/} (kept across restarts) and loaded
 * once; the last {@value #LOADED_VERSIONS} loaded versions stay in memory. The model folder holds {@code sparkml/}
 * (a Spark {@link PipelineModel}) and {@code drift_reference.json} (a {@link ReferenceProfile}).
 *
 * <p>No champion at all is an error ({@link #current()} throws; the scorer checks it before it starts, so it fails
 * fast with a message that says to train and promote a model first). Once a champion is loaded, a failing registry
 * lookup or a removed alias keeps the last champion and logs a warning: scoring continues through a registry outage.
 * So does an alias moved to a version that cannot be served (its files do not load, or it predicts another task than
 * the dataset's): that version is logged once as an error and skipped until the alias moves again.
 */
public final class ChampionModels {
    public static final String PIPELINE_DIR = ModelCache.PIPELINE_DIR;
    public static final String REFERENCE_FILE = ModelCache.REFERENCE_FILE;
    static final int LOADED_VERSIONS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ChampionModels.class);

    private final ModelRegistry registry;
    private final String registeredModel;
    private final String alias;
    private final ModelCache cache;
    private final TaskType task;
    private final Map<String, ScoringModel> loaded = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, ReferenceProfile> references = new HashMap<>();
    /** Versions the alias pointed at that could not be served, with the reason. */
    private final Map<String, String> unservable = new HashMap<>();
    private ScoringModel champion;

    /** {@code task}: what the served models must predict (the dataset's task). */
    public ChampionModels(ModelRegistry registry, ModelFiles files, String registeredModel, String alias, Path cacheDir, TaskType task) {
        this.registry = requireNonNull(registry, "registry is null");
        this.registeredModel = requireNonNull(registeredModel, "registeredModel is null");
        this.alias = requireNonNull(alias, "alias is null");
        this.cache = new ModelCache(requireNonNull(files, "files is null"), requireNonNull(cacheDir, "cacheDir is null"));
        this.task = requireNonNull(task, "task is null");
    }

    public String registeredModel() {
        return registeredModel;
    }

    /** The champion now: asks the registry, and loads the version when it changed. */
    public ScoringModel current() {
        Optional<ModelVersion> version;
        try {
            version = registry.versionByAlias(registeredModel, alias);
        } catch (RuntimeException e) {
            if (champion == null) {
                throw e;
            }
            LOG.warn("Cannot look up the champion of {}: {}. Scoring continues with version {}.",
                    registeredModel, e.getMessage(), champion.version().version());
            return champion;
        }
        if (version.isEmpty()) {
            if (champion == null) {
                throw new IllegalStateException("Cannot find a champion model: registered model '" + registeredModel
                        + "' has no version with alias '" + alias + "'. The scorer serves the version that alias points at;"
                        + " train and promote a model first (mlcycle train), then start the scorer.");
            }
            LOG.warn("Registered model {} has no alias '{}' any more. Scoring continues with version {}.",
                    registeredModel, alias, champion.version().version());
            return champion;
        }
        if (champion == null || !champion.version().version().equals(version.get().version())) {
            return switchTo(version.get());
        }
        return champion;
    }

    private ScoringModel switchTo(ModelVersion version) {
        if (champion != null && unservable.containsKey(version.version())) {
            return champion;
        }
        try {
            champion = load(version);
        } catch (RuntimeException e) {
            if (champion == null) {
                throw e;
            }
            unservable.put(version.version(), e.getMessage());
            LOG.error("Cannot switch {} to version {}: {} Scoring continues with version {}.",
                    registeredModel, version.version(), e.getMessage(), champion.version().version());
            return champion;
        }
        LOG.info("Scoring with {} version {} (run {}).", registeredModel, champion.version().version(), champion.version().runId());
        return champion;
    }

    /**
     * The training reference of any version of the model (the drift monitor needs it for windows counted under an
     * earlier champion, also after a restart).
     */
    public ReferenceProfile reference(String version) {
        ReferenceProfile reference = references.get(version);
        if (reference != null) {
            return reference;
        }
        Path dir = cache.cached(registeredModel, version).orElseGet(() -> cache.localCopy(registry.versions(registeredModel).stream()
                .filter(v -> v.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Cannot find version " + version + " of registered model '"
                        + registeredModel + "' in the registry: drift counted under it cannot be compared with its training"
                        + " reference. Restore the version, or delete its rows from the drift-counts table."))));
        reference = ModelCache.readReference(dir);
        references.put(version, reference);
        return reference;
    }

    private ScoringModel load(ModelVersion version) {
        ScoringModel model = loaded.get(version.version());
        if (model != null) {
            return model;
        }
        model = cache.load(version);
        ModelOutputs.requireTask(model, task);
        references.put(version.version(), model.reference());
        loaded.put(version.version(), model);
        if (loaded.size() > LOADED_VERSIONS) {
            loaded.remove(loaded.keySet().iterator().next());
        }
        return model;
    }
}
