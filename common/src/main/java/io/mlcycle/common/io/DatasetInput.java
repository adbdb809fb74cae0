package io.mlcycle.common.io;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One dataset a run read, in the form MLflow's {@code runs/log-inputs} takes: a name, a digest that identifies the
 * data's content, where it came from ({@code sourceType} and {@code source} as JSON), its {@code schema} and
 * {@code profile} as JSON, and the part it played in the run (tag {@code mlflow.data.context}).
 *
 * <p>The JSON fields are text as MLflow stores them; {@code schema} and {@code profile} may be empty.
 */
public record DatasetInput(String name, String digest, String sourceType, String source, String schema, String profile, Context context) {
    /** MLflow's limits ({@code mlflow/utils/validation.py}): longer values are refused by the server. */
    public static final int MAX_NAME_CHARS = 500;
    public static final int MAX_DIGEST_CHARS = 36;
    public static final int MAX_SOURCE_CHARS = 65_535;

    /** What the run used the dataset for; the value of tag {@code mlflow.data.context}. */
    public enum Context {
        TRAINING, VALIDATION, TESTING;

        /** The tag value, as MLflow's own flavors write it ({@code training}, {@code validation}, {@code testing}). */
        public String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DatasetInput {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(source, "source is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(context, "context is null");
        check(!name.isBlank() && name.length() <= MAX_NAME_CHARS, "name", name, "1 to " + MAX_NAME_CHARS + " characters");
        check(!digest.isBlank() && digest.length() <= MAX_DIGEST_CHARS, "digest", digest, "1 to " + MAX_DIGEST_CHARS + " characters");
        check(!sourceType.isBlank(), "source type", sourceType, "a source type such as delta_table");
        check(source.length() <= MAX_SOURCE_CHARS, "source", source.substring(0, Math.min(source.length(), 80)) + "...",
                "at most " + MAX_SOURCE_CHARS + " characters of JSON");
    }

    private static void check(boolean valid, String what, String value, String expected) {
        if (!valid) {
            throw new IllegalArgumentException("Cannot record a dataset input with " + what + " '" + value + "': expected " + expected);
        }
    }
}
