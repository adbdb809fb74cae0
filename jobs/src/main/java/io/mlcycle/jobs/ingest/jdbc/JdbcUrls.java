package io.mlcycle.jobs.ingest.jdbc;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: in bronze's {@code _origin}, the ingestion log and error messages. */
final class JdbcUrls {
    /** {@code //user:password@host} (PostgreSQL, MySQL, SQL Server styles) and Oracle's {@code thin:user/password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?;@]*@|(?<=:thin:)[^@]*@");
    /** A {@code user=} or password-like parameter after '?', '&' or ';', with its value. */
    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile(
            "(?i)([?&;])(user|username|[a-z_.-]*(password|passwd|pwd|secret|token)[a-z_.-]*)=[^&;]*");

    private JdbcUrls() {}

    /** The URL without user, password or other secret parameters; every other part as it was. */
    static String withoutCredentials(String url) {
        String result = USER_INFO.matcher(url).replaceFirst("");
        result = CREDENTIAL_PARAMETER.matcher(result).replaceAll("$1");
        return result.replaceAll("([?&;])[&;]+", "$1").replaceAll("[?&;]+$", "");
    }
}
