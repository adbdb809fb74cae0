package io.mlcycle.platform.tracking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvedConfigTest {
    @TempDir
    Path tmp;

    @Test
    void rendersTheMlcycleSectionAsSortedJsonWithoutComments() {
        Config config = ConfigFactory.parseString("""
                other = "not rendered"
                mlcycle {
                  # a comment
                  train { seed = 42, metric = "auc_roc" }
                  dataset { name = "loans", columns = [b, a] }
                }
                """).resolve();

        ResolvedConfig resolved = ResolvedConfig.of(config);

        assertThat(resolved.text()).isEqualTo("""
                {
                    "dataset" : {
                        "columns" : [
                            "b",
                            "a"
                        ],
                        "name" : "loans"
                    },
                    "train" : {
                        "metric" : "auc_roc",
                        "seed" : 42
                    }
                }
                """);
    }

    @Test
    void hashIsTheSha256OfTheTextTheSameInAnyKeyOrderAndChangesWithAValue() throws Exception {
        ResolvedConfig one = ResolvedConfig.of(ConfigFactory.parseString("mlcycle { a = 1, b { c = x, d = 2.5 } }"));
        ResolvedConfig reordered = ResolvedConfig.of(ConfigFactory.parseString("mlcycle { b { d = 2.5, c = x }, a = 1 }"));
        ResolvedConfig changed = ResolvedConfig.of(ConfigFactory.parseString("mlcycle { a = 1, b { c = x, d = 2.6 } }"));

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(one.text().getBytes(UTF_8)));
        assertThat(one.hash()).isEqualTo(sha256).hasSize(64);
        assertThat(reordered.hash()).isEqualTo(one.hash());
        assertThat(changed.hash()).isNotEqualTo(one.hash());
    }

    @Test
    void secretsAreRedactedWhereverTheyAre() {
        Config config = ConfigFactory.parseString("""
                mlcycle {
                  mlflow { tracking-uri = "http://tracker:5000", username = "alice-user", password = "pw-mlflow-1" }
                  generator.jdbc { url = "jdbc:postgresql://db:5432/lake?user=lake&password=pw-in-url-2", user = "lake", password = "pw-jdbc-3" }
                  stack.postgres { user = "mlcycle", password = "pw-postgres-4" }
                  dataset.sources = [
                    { name = "loans", type = "jdbc", url = "jdbc:postgresql://bob:pw-userinfo-5@db/lake", password = "pw-source-6" }
                  ]
                  kafka { sasl-jaas-config = "ScramLoginModule required password=\\"pw-jaas-7\\";", api-key = "key-8", auth-token = "tok-9" }
                  joins = [ { key = "customer_id", lookup-key = "id" } ]
                }
                """).resolve();

        String text = ResolvedConfig.of(config).text();

        assertThat(text).doesNotContain("alice-user", "pw-mlflow-1", "pw-in-url-2", "pw-jdbc-3", "pw-postgres-4", "pw-userinfo-5", "bob:",
                "pw-source-6", "pw-jaas-7", "key-8", "tok-9");
        assertThat(text)
                .contains("\"password\" : \"(redacted)\"", "\"username\" : \"(redacted)\"", "\"api-key\" : \"(redacted)\"")
                .contains("\"url\" : \"jdbc:postgresql://db:5432/lake?user=lake&password=(redacted)\"")
                .contains("\"url\" : \"jdbc:postgresql://(redacted)@db/lake\"")
                .contains("\"tracking-uri\" : \"http://tracker:5000\"", "\"user\" : \"lake\"", "\"key\" : \"customer_id\"", "\"lookup-key\" : \"id\"");
    }

    @Test
    void aSecretDoesNotChangeTheHash() {
        ResolvedConfig one = ResolvedConfig.of(ConfigFactory.parseString("mlcycle.mlflow { experiment = e, password = first }"));
        ResolvedConfig other = ResolvedConfig.of(ConfigFactory.parseString("mlcycle.mlflow { experiment = e, password = second }"));

        assertThat(other.hash()).isEqualTo(one.hash());
    }

    /** PATH is set in every environment a test runs in; its value stands for a secret such as MLFLOW_TRACKING_PASSWORD. */
    @Test
    void secretsSubstitutedFromTheEnvironmentDoNotLeak() throws Exception {
        String fromEnvironment = System.getenv("PATH");
        assertThat(fromEnvironment).as("PATH is set").isNotBlank();
        Path file = Files.writeString(tmp.resolve("run.conf"), """
                mlcycle {
                  mlflow { password = ""
                           password = ${?PATH} }
                  stack.postgres.password = ${PATH}
                  generator.jdbc.url = "jdbc:postgresql://u:"${PATH}"@db/lake"
                }
                """);

        Config loaded = ConfigLoader.load(file);
        String text = ResolvedConfig.of(loaded).text();

        assertThat(loaded.getString("mlcycle.mlflow.password")).as("substituted").isEqualTo(fromEnvironment);
        assertThat(text).doesNotContain(fromEnvironment).contains("\"url\" : \"jdbc:postgresql://(redacted)@db/lake\"");
    }

    @Test
    void writesTheTextToTheArtifactFile() throws Exception {
        ResolvedConfig resolved = ResolvedConfig.of(ConfigFactory.parseString("mlcycle.train.seed = 7"));

        Path written = resolved.writeTo(tmp.resolve("config"));

        assertThat(written).isEqualTo(tmp.resolve("config").resolve("mlcycle-config.json"));
        assertThat(Files.readString(written)).isEqualTo(resolved.text());
    }

    @Test
    void aConfigWithoutTheMlcycleSectionIsRejected() {
        assertThatThrownBy(() -> ResolvedConfig.of(ConfigFactory.parseString("other = 1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot record the configuration: it has no 'mlcycle' section. Load it with ConfigLoader.");
    }

    @Test
    void secretKeyNamesAreRecognizedWhateverTheirSpelling() {
        assertThat(ResolvedConfig.isSecretKey("password")).isTrue();
        assertThat(ResolvedConfig.isSecretKey("MLFLOW_TRACKING_PASSWORD")).isTrue();
        assertThat(ResolvedConfig.isSecretKey("client-secret")).isTrue();
        assertThat(ResolvedConfig.isSecretKey("access_key")).isTrue();
        assertThat(ResolvedConfig.isSecretKey("refresh-token")).isTrue();
        assertThat(ResolvedConfig.isSecretKey("key")).isFalse();
        assertThat(ResolvedConfig.isSecretKey("lookup-key")).isFalse();
        assertThat(ResolvedConfig.isSecretKey("user")).isFalse();
        assertThat(ResolvedConfig.isSecretKey("tracking-uri")).isFalse();
    }
}
