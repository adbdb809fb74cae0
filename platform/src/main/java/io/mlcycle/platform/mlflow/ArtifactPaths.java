package io.mlcycle.platform.mlflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Turns MLflow artifact URIs into paths below the tracking server's artifact proxy. */
final class ArtifactPaths {
    static final String PROXY_SCHEME = "mlflow-artifacts";

    private ArtifactPaths() {
    }

    /**
     * The proxy path of {@code artifactUri}: {@code mlflow-artifacts:/1/<run>/artifacts} and
     * {@code mlflow-artifacts://host:port/1/<run>/artifacts} both give {@code 1/<run>/artifacts}.
     */
    static String proxyPath(String artifactUri, String purpose) {
        URI uri = parse(artifactUri, purpose);
        if (!PROXY_SCHEME.equals(uri.getScheme())) {
            throw new MlflowException(MlflowErrorCategory.UNSUPPORTED_ARTIFACT_URI,
                    "Cannot " + purpose + ": the artifact URI " + artifactUri + " is not served by the tracking server's"
                            + " artifact proxy. Start the MLflow server with --serve-artifacts and --artifacts-destination,"
                            + " and log new runs against it, so that artifact URIs start with " + PROXY_SCHEME + ":/.");
        }
        return normalize(uri.getPath() == null ? "" : uri.getPath(), purpose);
    }

    /** {@code child} below {@code parent}, each a proxy path or a relative artifact path; either may be empty. */
    static String join(String parent, String child) {
        if (parent.isEmpty()) {
            return child;
        }
        return child.isEmpty() ? parent : parent + "/" + child;
    }

    /** {@code path} without leading, trailing or doubled slashes; rejects {@code .} and {@code ..} segments. */
    static String normalize(String path, String purpose) {
        String normalized = Arrays.stream(path.split("/"))
                .filter(segment -> !segment.isEmpty())
                .collect(Collectors.joining("/"));
        for (String segment : normalized.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Cannot " + purpose + ": the artifact path " + path + " contains '" + segment + "'");
            }
        }
        return normalized;
    }

    private static URI parse(String artifactUri, String purpose) {
        try {
            return new URI(artifactUri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot " + purpose + ": " + artifactUri + " is not a valid URI: " + e.getMessage(), e);
        }
    }
}
