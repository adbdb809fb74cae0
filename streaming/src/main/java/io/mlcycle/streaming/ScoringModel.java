package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelVersion;
import org.apache.spark.ml.PipelineModel;

/** A loaded model version: the fitted pipeline that scores and the training reference that drift is measured against. */
public record ScoringModel(ModelVersion version, PipelineModel pipeline, ReferenceProfile reference) {
    public ScoringModel {
        requireNonNull(version, "version is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(reference, "reference is null");
    }
}
