package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/** The MLflow tracking server and registry mlcycle talks to. Username and password are secrets. */
public record MlflowSettings(
        URI trackingUri,
        String experiment,
        String registeredModel,
        String championAlias,
        Secret username,
        Secret password,
        Duration requestTimeout,
        int maxAttempts) {
    public MlflowSettings {
        requireNonNull(trackingUri, "trackingUri is null");
        requireNonNull(experiment, "experiment is null");
        requireNonNull(registeredModel, "registeredModel is null");
        requireNonNull(championAlias, "championAlias is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
    }

    public static MlflowSettings read(ConfigReader reader) {
        return new MlflowSettings(
                reader.httpUri("mlcycle.mlflow.tracking-uri"),
                reader.nonBlankString("mlcycle.mlflow.experiment"),
                reader.nonBlankString("mlcycle.mlflow.registered-model"),
                reader.nonBlankString("mlcycle.mlflow.champion-alias"),
                reader.secret("mlcycle.mlflow.username"),
                reader.secret("mlcycle.mlflow.password"),
                reader.positiveDuration("mlcycle.mlflow.request-timeout"),
                reader.intInRange("mlcycle.mlflow.max-attempts", 1, 20));
    }
}
