package io.mlcycle.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up, before anything is written, when one or more configuration values are wrong. */
public final class ConfigValidationException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public ConfigValidationException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        return "Invalid configuration (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n"
                + problems.stream().map(p -> "  - " + p.message()).collect(Collectors.joining("\n"));
    }
}
