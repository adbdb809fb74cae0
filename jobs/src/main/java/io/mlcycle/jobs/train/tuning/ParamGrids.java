package io.mlcycle.jobs.train.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.ParamGridBuilder;

/**
 * A hyperparameter grid written in config ({@code reg-param = [0.0, 0.01], max-depth = [4, 8]}) turned into MLlib
 * {@link ParamMap}s for one estimator. Names are the estimator's own parameter names in kebab case ({@code regParam} is
 * {@code reg-param}), so every parameter MLlib has can be tuned without code here; values are converted to the
 * parameter's type. A wrong name or value is an {@link IllegalArgumentException} that names the key, lists the
 * estimator's parameters, and says how to fix it.
 */
public final class ParamGrids {
    private ParamGrids() {}

    /**
     * The cross product of the grid's values; one empty ParamMap (the estimator as configured) for an empty grid.
     *
     * @param key the config key of the grid, for messages (e.g. {@code mlcycle.train.grids.logistic-regression})
     * @param grid parameter name (kebab or camel case) to the values to try, as written in config
     */
    public static ParamMap[] build(Params estimator, String key, Map<String, List<String>> grid) {
        ParamGridBuilder builder = new ParamGridBuilder();
        for (Map.Entry<String, List<String>> entry : grid.entrySet()) {
            Param<?> param = param(estimator, key, entry.getKey());
            List<String> values = entry.getValue();
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Cannot tune " + key + "." + entry.getKey() + ": the list of values is empty."
                        + " Give at least one value, or remove the key.");
            }
            addGrid(builder, param, key + "." + entry.getKey(), values);
        }
        return builder.build();
    }

    /** The grid point as MLflow params: kebab-case name to value, in the grid's order. */
    public static Map<String, String> describe(ParamMap point) {
        Map<String, String> described = new LinkedHashMap<>();
        List<ParamPair<?>> pairs = new ArrayList<>();
        for (Object pair : scala.jdk.javaapi.CollectionConverters.asJava(point.toSeq())) {
            pairs.add((ParamPair<?>) pair);
        }
        pairs.stream()
                .sorted(java.util.Comparator.comparing(pair -> pair.param().name()))
                .forEach(pair -> described.put(kebab(pair.param().name()), String.valueOf(pair.value())));
        return described;
    }

    static String camel(String name) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Param<?> param(Params estimator, String key, String name) {
        String camel = camel(name);
        if (estimator.hasParam(camel)) {
            return estimator.getParam(camel);
        }
        TreeSet<String> known = new TreeSet<>();
        Arrays.stream(estimator.params()).forEach(p -> known.add(kebab(p.name())));
        throw new IllegalArgumentException("Cannot tune " + key + "." + name + ": " + estimator.getClass().getSimpleName()
                + " has no parameter '" + camel + "'. Its parameters: " + known + ".");
    }

    @SuppressWarnings("unchecked")
    private static void addGrid(ParamGridBuilder builder, Param<?> param, String key, List<String> values) {
        try {
            if (param instanceof IntParam p) {
                builder.addGrid(p, values.stream().mapToInt(v -> Integer.parseInt(v.trim())).toArray());
            } else if (param instanceof LongParam p) {
                builder.addGrid(p, values.stream().mapToLong(v -> Long.parseLong(v.trim())).toArray());
            } else if (param instanceof DoubleParam p) {
                builder.addGrid(p, values.stream().mapToDouble(v -> Double.parseDouble(v.trim())).toArray());
            } else if (param instanceof BooleanParam) {
                List<Object> booleans = new ArrayList<>();
                for (String value : values) {
                    booleans.add(parseBoolean(value));
                }
                builder.addGrid((Param<Object>) param, scala.jdk.javaapi.CollectionConverters.asScala(booleans).toSeq());
            } else {
                Param<String> text = (Param<String>) param;
                builder.addGrid(text, scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Cannot tune " + key + " = " + values + ": " + param.name() + " takes "
                    + typeName(param) + " values (" + e.getMessage() + ").", e);
        }
        for (String value : values) {
            checkValid(param, key, value);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void checkValid(Param param, String key, String value) {
        Object typed = param instanceof IntParam ? Integer.valueOf(value.trim())
                : param instanceof LongParam ? Long.valueOf(value.trim())
                : param instanceof DoubleParam ? Double.valueOf(value.trim())
                : param instanceof BooleanParam ? parseBoolean(value)
                : value;
        if (!(Boolean) param.isValid().apply(typed)) {
            throw new IllegalArgumentException("Cannot tune " + key + " = " + value + ": not a valid value of " + param.name() + " ("
                    + param.doc() + ").");
        }
    }

    private static boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new NumberFormatException("'" + value + "' is not true or false");
        };
    }

    private static String typeName(Param<?> param) {
        return param instanceof IntParam ? "integer" : param instanceof LongParam ? "integer" : param instanceof DoubleParam ? "number"
                : param instanceof BooleanParam ? "true/false" : "text";
    }
}
