package io.mlcycle.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads typed values out of a {@link Config} and collects every problem instead of stopping at the first,
 * so that a user sees all wrong keys at once. Call {@link #throwIfInvalid()} once everything is read;
 * values returned for a wrong key (missing, of the wrong type or out of range) are placeholders that are valid for
 * the records' own checks, so reading goes on, and that must not be used.
 */
public final class ConfigReader {
    private final Config config;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public ConfigReader(Config config) {
        this.config = config;
    }

    public String string(String key) {
        return read(key, "a string", "", config::getString);
    }

    public String nonBlankString(String key) {
        String value = string(key);
        check(!value.isBlank() || !config.hasPath(key), key, quote(value), "a non-empty string");
        return value;
    }

    public Secret secret(String key) {
        if (!config.hasPath(key)) {
            return Secret.empty();
        }
        try {
            return Secret.of(config.getString(key));
        } catch (ConfigException.WrongType e) {
            problems.add(new ConfigProblem(key, "(secret)", "a string"));
            return Secret.empty();
        }
    }

    public List<String> nonEmptyStringList(String key) {
        List<String> values = read(key, "a list of strings", List.of(), config::getStringList);
        check(!values.isEmpty() || !config.hasPath(key), key, "[]", "a non-empty list of strings");
        return List.copyOf(values);
    }

    public boolean bool(String key) {
        return read(key, "true or false", false, config::getBoolean);
    }

    public int intInRange(String key, int min, int max) {
        int value = read(key, "an integer from " + min + " to " + max, min, config::getInt);
        boolean valid = value >= min && value <= max;
        check(valid, key, String.valueOf(value), "an integer from " + min + " to " + max);
        return valid ? value : min;
    }

    public long longAtLeast(String key, long min) {
        long value = read(key, "an integer of at least " + min, min, config::getLong);
        boolean valid = value >= min;
        check(valid, key, String.valueOf(value), "an integer of at least " + min);
        return valid ? value : min;
    }

    public int port(String key) {
        return intInRange(key, 1, 65535);
    }

    public double doubleInRange(String key, double min, double max) {
        String expected = "a number from " + min + " to " + max;
        double value = read(key, expected, min, config::getDouble);
        boolean valid = value >= min && value <= max;
        check(valid, key, String.valueOf(value), expected);
        return valid ? value : min;
    }

    public Duration positiveDuration(String key) {
        Duration value = read(key, "a duration such as 30s, 10m or 1h", Duration.ofSeconds(1), config::getDuration);
        boolean valid = !value.isNegative() && !value.isZero();
        check(valid, key, value.toString(), "a positive duration such as 30s, 10m or 1h");
        return valid ? value : Duration.ofSeconds(1);
    }

    public Instant instant(String key) {
        String text = string(key);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(new ConfigProblem(key, quote(text), "an ISO-8601 instant such as 2026-01-01T00:00:00Z"));
            return Instant.EPOCH;
        }
    }

    public URI httpUri(String key) {
        String text = string(key);
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(new ConfigProblem(key, quote(text), "an http:// or https:// URL with a host, such as http://127.0.0.1:5000"));
        return URI.create("http://invalid");
    }

    /** A path; a relative one resolves against {@code base}. */
    public Path path(String key, Path base) {
        String text = nonBlankString(key);
        return base.resolve(text.isBlank() ? "." : text).normalize();
    }

    /** A storage location: a URI with a scheme (s3a://, abfss://, file:/) kept as is, or a path resolved against {@code base}. */
    public String location(String key, Path base) {
        String text = nonBlankString(key);
        if (text.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
            return text;
        }
        return base.resolve(text.isBlank() ? "." : text).toAbsolutePath().normalize().toString();
    }

    /** A value that must be one of {@code choices}, written in lower-case kebab form (random-forest). */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String text = string(key);
        return parseChoice(key, text, type);
    }

    public <E extends Enum<E>> List<E> choices(String key, Class<E> type) {
        return nonEmptyStringList(key).stream().map(text -> parseChoice(key, text, type)).toList();
    }

    /** Records a problem when {@code condition} is false. */
    public void check(boolean condition, String key, String value, String expected) {
        if (!condition) {
            problems.add(new ConfigProblem(key, value, expected));
        }
    }

    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
    }

    public static String kebab(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private <E extends Enum<E>> E parseChoice(String key, String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (kebab(constant).equals(text)) {
                return constant;
            }
        }
        List<String> allowed = java.util.Arrays.stream(type.getEnumConstants()).map(ConfigReader::kebab).toList();
        problems.add(new ConfigProblem(key, quote(text), "one of " + allowed));
        return type.getEnumConstants()[0];
    }

    private <T> T read(String key, String expected, T placeholder, Function<String, T> getter) {
        if (!config.hasPath(key)) {
            problems.add(new ConfigProblem(key, "(missing)", expected));
            return placeholder;
        }
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            problems.add(new ConfigProblem(key, quote(config.getValue(key).unwrapped().toString()), expected));
            return placeholder;
        }
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }
}
