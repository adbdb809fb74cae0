package io.mlcycle.platform.mlflow;

/** What kind of failure an {@link MlflowException} is, so callers and alerts can tell them apart. */
public enum MlflowErrorCategory {
    /** No answer: connection refused, timed out or cut; the server is down or the URI is wrong. */
    UNREACHABLE,
    /** The server refused the credentials (401 or 403). */
    UNAUTHORIZED,
    /** The server rejected the request as invalid (other 4xx answers). */
    REJECTED,
    /** The experiment, run, model, version or artifact does not exist. */
    NOT_FOUND,
    /** The thing to create exists already. */
    ALREADY_EXISTS,
    /** The server failed (5xx) or kept asking to slow down (429) on every attempt. */
    SERVER_ERROR,
    /** The server answered with something mlcycle cannot read. */
    INVALID_RESPONSE,
    /** A model version did not become READY. */
    REGISTRATION_FAILED,
    /** An artifact URI that the tracking server's artifact proxy does not serve. */
    UNSUPPORTED_ARTIFACT_URI
}
