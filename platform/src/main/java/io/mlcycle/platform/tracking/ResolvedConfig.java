package io.mlcycle.platform.tracking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration a run used, as the artifact {@value #FILE_NAME} and its hash (tag {@value #HASH_TAG}): the
 * resolved {@code mlcycle} subtree as JSON with keys sorted and no comments, secrets redacted.
 *
 * <p>Redacted, so that neither the artifact nor the hash depends on them: the value of every key whose name says it
 * holds a credential ({@link #isSecretKey}: password, secret, token, credential, username, api/access/private key,
 * JAAS config), in objects and in lists of objects alike, whatever the value came from (file, {@code -D}, environment
 * substitution); and in every other string, the user info of a URL ({@code scheme://user:pass@host}) and
 * {@code password=} parameters (JDBC URLs). The hash is the SHA-256 hex of the text: the same settings in any key
 * order give the same hash, a changed setting another.
 */
public record ResolvedConfig(String text, String hash) {
    public static final String HASH_TAG = "mlcycle.config.hash";
    public static final String FILE_NAME = "mlcycle-config.json";
    public static final String ROOT = "mlcycle";
    static final String REDACTED = "(redacted)";

    private static final List<String> SECRET_NAME_PARTS = List.of("password", "passwd", "secret", "token", "credential", "username", "jaas");
    private static final List<String> SECRET_KEY_SUFFIXES = List.of("apikey", "accesskey", "privatekey", "secretkey", "signingkey");
    /** Up to the last '@': a password written raw in a URL may itself hold '/' or '@'. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)\\S*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");

    public ResolvedConfig {
        requireNonNull(text, "text is null");
        requireNonNull(hash, "hash is null");
    }

    /** Renders the {@code mlcycle} subtree of a resolved config; fails when it has none. */
    public static ResolvedConfig of(Config config) {
        if (!config.hasPath(ROOT)) {
            throw new IllegalArgumentException("Cannot record the configuration: it has no '" + ROOT + "' section. Load it with ConfigLoader.");
        }
        ConfigValue redacted = redact(config.getValue(ROOT));
        String text = redacted.render(ConfigRenderOptions.concise().setFormatted(true));
        return new ResolvedConfig(text, DeltaInputs.sha256Hex(text));
    }

    /** Writes {@value #FILE_NAME} into {@code dir} (created when missing), ready for {@code uploadArtifacts(runId, dir, ...)}. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(FILE_NAME), text, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run's configuration to " + dir, e);
        }
    }

    /** Whether a key's value is a credential, by its name (the last path segment), ignoring case, '-' and '_'. */
    public static boolean isSecretKey(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return SECRET_NAME_PARTS.stream().anyMatch(normalized::contains) || SECRET_KEY_SUFFIXES.stream().anyMatch(normalized::endsWith);
    }

    private static ConfigValue redact(ConfigValue value) {
        if (value instanceof ConfigObject object) {
            Map<String, ConfigValue> children = new HashMap<>();
            object.forEach((key, child) -> children.put(key, isSecretKey(key) ? ConfigValueFactory.fromAnyRef(REDACTED) : redact(child)));
            return ConfigValueFactory.fromMap(children);
        }
        if (value instanceof ConfigList list) {
            List<ConfigValue> elements = new ArrayList<>();
            list.forEach(element -> elements.add(redact(element)));
            return ConfigValueFactory.fromIterable(elements);
        }
        if (value.valueType() == ConfigValueType.STRING) {
            return ConfigValueFactory.fromAnyRef(redactInText((String) value.unwrapped()));
        }
        return value;
    }

    /** Credentials written inside a value that is not itself a secret, such as a JDBC or tracking URL. */
    static String redactInText(String text) {
        String withoutUserInfo = URL_USER_INFO.matcher(text).replaceAll(REDACTED + "@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1" + REDACTED);
    }
}
