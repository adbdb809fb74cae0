package io.mlcycle.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads typed values out of a {@link Config} and collects every problem instead of stopping at the first,
 * so that a user sees all wrong keys at once. Call {@link #throwIfInvalid()} once everything is read;
 * values returned for a wrong key (missing, of the wrong type or out of range) are placeholders that are valid for
 * the records' own checks, so reading goes on, and that must not be used.
 *
 * <p>Lists of objects (sources, rules, features) are read with {@link #objectList}: each element gets a reader
 * scoped to it, which names its keys in full ({@code mlcycle.dataset.sources[1].format}) and shares the problems.
 */
public final class ConfigReader {
    private final Config config;
    private final String prefix;
    private final List<ConfigProblem> problems;

    public ConfigReader(Config config) {
        this(config, "", new ArrayList<>());
    }

    private ConfigReader(Config config, String prefix, List<ConfigProblem> problems) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** The full name of {@code key} as the user wrote it, e.g. {@code mlcycle.dataset.sources[0].path}. */
    public String keyOf(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    /** A string, or {@code fallback} when the key is absent. */
    public String stringOr(String key, String fallback) {
        return config.hasPath(key) ? string(key) : fallback;
    }

    public boolean booleanOr(String key, boolean fallback) {
        return config.hasPath(key) ? read(key, "true or false", fallback, config::getBoolean) : fallback;
    }

    public int intInRangeOr(String key, int min, int max, int fallback) {
        return config.hasPath(key) ? intInRange(key, min, max) : fallback;
    }

    public long longOr(String key, long fallback) {
        return config.hasPath(key) ? read(key, "an integer", fallback, config::getLong) : fallback;
    }

    public OptionalDouble optionalDouble(String key) {
        if (!config.hasPath(key)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(read(key, "a number", 0.0, config::getDouble));
    }

    public double doubleOr(String key, double fallback) {
        return config.hasPath(key) ? read(key, "a number", fallback, config::getDouble) : fallback;
    }

    public List<String> stringListOr(String key, List<String> fallback) {
        return config.hasPath(key) ? List.copyOf(read(key, "a list of strings", List.of(), config::getStringList)) : fallback;
    }

    public List<Double> doubleListOr(String key, List<Double> fallback) {
        return config.hasPath(key) ? List.copyOf(read(key, "a list of numbers", List.of(), config::getDoubleList)) : fallback;
    }

    /** An object of string values ({@code { "N" = "north", "S" = "south" }}), in the order written; empty when absent. */
    public Map<String, String> stringMapOr(String key) {
        if (!config.hasPath(key)) {
            return Map.of();
        }
        ConfigObject object = read(key, "an object of string values such as { \"N\" = \"north\" }", null, config::getObject);
        Map<String, String> values = new LinkedHashMap<>();
        if (object != null) {
            object.forEach((name, value) -> {
                if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
                    problems.add(new ConfigProblem(keyOf(key) + "." + name, quote(display(value)), "a string"));
                } else {
                    values.put(name, value.valueType() == ConfigValueType.NULL ? null : String.valueOf(value.unwrapped()));
                }
            });
        }
        return values;
    }

    /**
     * An object whose values are lists of plain values or single plain values ({@code { max-depth = [4, 6], max-iter = 100 }}),
     * every value as text, sorted by name (HOCON keeps no key order); empty when absent.
     */
    public Map<String, List<String>> stringListMapOr(String key) {
        if (!config.hasPath(key)) {
            return Map.of();
        }
        ConfigObject object = read(key, "an object of values or lists of values such as { max-depth = [4, 6] }", null, config::getObject);
        Map<String, List<String>> values = new java.util.TreeMap<>();
        if (object != null) {
            object.forEach((name, value) -> {
                List<ConfigValue> items = value.valueType() == ConfigValueType.LIST ? List.copyOf((ConfigList) value) : List.of(value);
                List<String> texts = new ArrayList<>();
                for (ConfigValue item : items) {
                    if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.LIST
                            || item.valueType() == ConfigValueType.NULL) {
                        problems.add(new ConfigProblem(keyOf(key) + "." + name, quote(display(value)), "a value or a list of values"));
                    } else {
                        texts.add(String.valueOf(item.unwrapped()));
                    }
                }
                if (texts.isEmpty() && items.isEmpty()) {
                    problems.add(new ConfigProblem(keyOf(key) + "." + name, "[]", "at least one value"));
                }
                values.put(name, texts);
            });
        }
        return values;
    }

    public <E extends Enum<E>> E choiceOr(String key, Class<E> type, E fallback) {
        return config.hasPath(key) ? choice(key, type) : fallback;
    }

    /**
     * The elements of a list of objects, each as a reader scoped to it. An element may also be a plain string when
     * {@code shorthandKey} is given: {@code "amount"} then reads as {@code { <shorthandKey> = "amount" }}. Absent key: empty list.
     */
    public List<ConfigReader> objectList(String key, String shorthandKey) {
        if (!config.hasPath(key)) {
            return List.of();
        }
        ConfigList list = read(key, "a list of objects", null, config::getList);
        if (list == null) {
            return List.of();
        }
        List<ConfigReader> elements = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue value = list.get(i);
            String elementKey = keyOf(key) + "[" + i + "]";
            if (value.valueType() == ConfigValueType.OBJECT) {
                elements.add(new ConfigReader(((ConfigObject) value).toConfig(), elementKey, problems));
            } else if (shorthandKey != null && value.valueType() == ConfigValueType.STRING) {
                Config single = ConfigValueFactory.fromMap(Map.of(shorthandKey, value.unwrapped())).toConfig();
                elements.add(new ConfigReader(single, elementKey, problems));
            } else {
                problems.add(new ConfigProblem(elementKey, quote(display(value)),
                        shorthandKey == null ? "an object { ... }" : "a column name or an object { " + shorthandKey + " = ... }"));
            }
        }
        return elements;
    }

    /**
     * The object at {@code key} as a reader scoped to it, which names its keys in full ({@code ...features.numeric[0].bucketing.type});
     * empty when the key is absent or is not an object (a problem is recorded then).
     */
    public java.util.Optional<ConfigReader> object(String key) {
        if (!config.hasPath(key)) {
            return java.util.Optional.empty();
        }
        ConfigObject object = read(key, "an object { ... }", null, config::getObject);
        return object == null ? java.util.Optional.empty() : java.util.Optional.of(new ConfigReader(object.toConfig(), keyOf(key), problems));
    }

    /** Records a problem for every key of this (scoped) object that is not one of {@code known}: a typo must not pass silently. */
    public void rejectUnknownKeys(String... known) {
        Set<String> allowed = Set.of(known);
        for (String key : new TreeSet<>(config.root().keySet())) {
            if (!allowed.contains(key)) {
                problems.add(new ConfigProblem(keyOf(key), quote(display(config.getValue(key))),
                        "no such key here; known keys: " + new TreeSet<>(allowed)));
            }
        }
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
            problems.add(new ConfigProblem(keyOf(key), "(secret)", "a string"));
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
            problems.add(new ConfigProblem(keyOf(key), quote(text), "an ISO-8601 instant such as 2026-01-01T00:00:00Z"));
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
        problems.add(new ConfigProblem(keyOf(key), quote(text), "an http:// or https:// URL with a host, such as http://127.0.0.1:5000"));
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
            problems.add(new ConfigProblem(keyOf(key), value, expected));
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
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(ConfigReader::kebab).toList();
        problems.add(new ConfigProblem(keyOf(key), quote(text), "one of " + allowed));
        return type.getEnumConstants()[0];
    }

    private <T> T read(String key, String expected, T placeholder, Function<String, T> getter) {
        if (!config.hasPath(key)) {
            problems.add(new ConfigProblem(keyOf(key), "(missing)", expected));
            return placeholder;
        }
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            problems.add(new ConfigProblem(keyOf(key), quote(display(config.getValue(key))), expected));
            return placeholder;
        }
    }

    private static String display(ConfigValue value) {
        return switch (value.valueType()) {
            case OBJECT, LIST -> value.render(com.typesafe.config.ConfigRenderOptions.concise());
            case NULL -> "null";
            default -> String.valueOf(value.unwrapped());
        };
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }
}
