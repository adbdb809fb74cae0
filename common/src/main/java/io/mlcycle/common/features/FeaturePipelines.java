package io.mlcycle.common.features;

import io.mlcycle.common.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The preprocessing stages every mlcycle model starts with. They are fitted on training data only and
 * saved inside the model's PipelineModel, so the streaming scorer computes exactly what training computed.
 *
 * <p>Numeric features: median imputation, then standard scaling. Categorical features: frequency-ordered
 * string indexing with unseen and missing values kept in an extra index, then one-hot encoding.
 * The result is one vector column, {@link #FEATURES_COLUMN}.
 */
public final class FeaturePipelines {
    public static final String FEATURES_COLUMN = "features";
    private static final String IMPUTED = "__imputed";
    private static final String INDEXED = "__index";
    private static final String ENCODED = "__onehot";
    private static final String NUMERIC_VECTOR = "__numeric_vector";
    private static final String NUMERIC_SCALED = "__numeric_scaled";

    private FeaturePipelines() {}

    public static Pipeline preprocessing(DatasetSpec spec) {
        List<PipelineStage> stages = new ArrayList<>();
        List<String> numeric = spec.numericFeatures();
        List<String> categorical = spec.categoricalFeatures();
        List<String> assembled = new ArrayList<>();
        if (!numeric.isEmpty()) {
            stages.add(new Imputer()
                    .setStrategy("median")
                    .setInputCols(numeric.toArray(String[]::new))
                    .setOutputCols(numeric.stream().map(c -> c + IMPUTED).toArray(String[]::new)));
            stages.add(new VectorAssembler()
                    .setInputCols(numeric.stream().map(c -> c + IMPUTED).toArray(String[]::new))
                    .setOutputCol(NUMERIC_VECTOR));
            stages.add(new StandardScaler().setWithMean(true).setWithStd(true).setInputCol(NUMERIC_VECTOR).setOutputCol(NUMERIC_SCALED));
            assembled.add(NUMERIC_SCALED);
        }
        if (!categorical.isEmpty()) {
            stages.add(new StringIndexer()
                    .setHandleInvalid("keep")
                    .setStringOrderType("frequencyDesc")
                    .setInputCols(categorical.toArray(String[]::new))
                    .setOutputCols(categorical.stream().map(c -> c + INDEXED).toArray(String[]::new)));
            stages.add(new OneHotEncoder()
                    .setHandleInvalid("keep")
                    .setInputCols(categorical.stream().map(c -> c + INDEXED).toArray(String[]::new))
                    .setOutputCols(categorical.stream().map(c -> c + ENCODED).toArray(String[]::new)));
            categorical.forEach(c -> assembled.add(c + ENCODED));
        }
        stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES_COLUMN));
        return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
    }
}
