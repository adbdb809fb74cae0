package io.mlcycle.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    @Test
    void keepsAUrlWithoutCredentialsAsItIs() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db.example:5432/lake?currentSchema=raw&ssl=true"))
                .isEqualTo("jdbc:postgresql://db.example:5432/lake?currentSchema=raw&ssl=true");
    }

    @Test
    void dropsUserAndPasswordParametersWhereverTheyStand() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://h:5432/lake?user=etl&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/lake?ssl=true");
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://h/lake?ssl=true&sslpassword=k3y"))
                .isEqualTo("jdbc:postgresql://h/lake?ssl=true");
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://h/lake?PASSWORD=s3cr3t"))
                .isEqualTo("jdbc:postgresql://h/lake");
        assertThat(JdbcUrls.withoutCredentials("jdbc:sqlserver://h:1433;databaseName=lake;user=etl;password=s3cr3t;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://h:1433;databaseName=lake;encrypt=true");
    }

    @Test
    void dropsUserInformationBeforeTheHost() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:mysql://etl:s3cr3t@h:3306/lake")).isEqualTo("jdbc:mysql://h:3306/lake");
        assertThat(JdbcUrls.withoutCredentials("jdbc:oracle:thin:etl/s3cr3t@h:1521/lake")).isEqualTo("jdbc:oracle:thin:h:1521/lake");
    }
}
