package io.mlcycle.common.dataset;

/** What the label is: two classes, several classes, or a number. Chosen by {@code mlcycle.dataset.task}. */
public enum TaskType {
    BINARY,
    MULTICLASS,
    REGRESSION
}
