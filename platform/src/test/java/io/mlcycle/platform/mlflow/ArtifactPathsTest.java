package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArtifactPathsTest {
    @Test
    void proxyPathOfARunsArtifactRoot() {
        assertThat(ArtifactPaths.proxyPath("mlflow-artifacts:/1/abc/artifacts", "test")).isEqualTo("1/abc/artifacts");
        assertThat(ArtifactPaths.proxyPath("mlflow-artifacts://127.0.0.1:5000/1/abc/artifacts/model/", "test")).isEqualTo("1/abc/artifacts/model");
    }

    @Test
    void artifactsNotServedByTheProxyAreUnsupported() {
        assertThatThrownBy(() -> ArtifactPaths.proxyPath("file:///tmp/mlruns/1/abc/artifacts", "upload artifacts of run abc"))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNSUPPORTED_ARTIFACT_URI))
                .hasMessage("Cannot upload artifacts of run abc: the artifact URI file:///tmp/mlruns/1/abc/artifacts is not served by the"
                        + " tracking server's artifact proxy. Start the MLflow server with --serve-artifacts and --artifacts-destination,"
                        + " and log new runs against it, so that artifact URIs start with mlflow-artifacts:/.");
    }

    @Test
    void normalizeDropsExtraSlashesAndRejectsParentSegments() {
        assertThat(ArtifactPaths.normalize("/model//sparkml/", "test")).isEqualTo("model/sparkml");
        assertThat(ArtifactPaths.normalize("", "test")).isEmpty();
        assertThatThrownBy(() -> ArtifactPaths.normalize("model/../../other", "download model files"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot download model files: the artifact path model/../../other contains '..'");
    }

    @Test
    void joinSkipsEmptyParts() {
        assertThat(ArtifactPaths.join("1/abc/artifacts", "model")).isEqualTo("1/abc/artifacts/model");
        assertThat(ArtifactPaths.join("1/abc/artifacts", "")).isEqualTo("1/abc/artifacts");
        assertThat(ArtifactPaths.join("", "model")).isEqualTo("model");
    }
}
