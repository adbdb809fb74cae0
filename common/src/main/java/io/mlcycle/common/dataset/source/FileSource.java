package io.mlcycle.common.dataset.source;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.nio.file.Path;

/**
 * Files in a folder, a single file, or a glob ({@code landing/*\/2026-*.csv}); subfolders of a folder are included.
 * A rerun ingests only files not ingested before. CSV options follow Spark's CSV reader.
 *
 * @param path absolute path or URI; may contain glob characters
 * @param header CSV: the first line holds column names
 * @param delimiter CSV: field separator (one character, or a string such as "\t")
 * @param quote CSV: quote character
 * @param escape CSV: escape character inside quoted values
 * @param nullValue CSV: the text that means a missing value
 * @param encoding CSV and JSON lines: character set of the files, such as UTF-8 or ISO-8859-1
 */
public record FileSource(
        String name,
        Format format,
        String path,
        boolean header,
        String delimiter,
        String quote,
        String escape,
        String nullValue,
        String encoding) implements SourceSpec {
    /** File formats: CSV, JSON lines (one object per line), Parquet. */
    public enum Format {
        CSV,
        JSON,
        PARQUET
    }

    public FileSource {
        requireNonNull(name, "name is null");
        requireNonNull(format, "format is null");
        requireNonNull(path, "path is null");
        requireNonNull(delimiter, "delimiter is null");
        requireNonNull(quote, "quote is null");
        requireNonNull(escape, "escape is null");
        requireNonNull(nullValue, "nullValue is null");
        requireNonNull(encoding, "encoding is null");
    }

    @Override
    public Type type() {
        return Type.FILES;
    }

    static FileSource read(ConfigReader element, String name, Path workDir) {
        element.rejectUnknownKeys("name", "type", "format", "path", "header", "delimiter", "quote", "escape", "null-value", "encoding");
        FileSource source = new FileSource(
                name,
                element.choiceOr("format", Format.class, Format.CSV),
                element.location("path", workDir),
                element.booleanOr("header", true),
                element.stringOr("delimiter", ","),
                element.stringOr("quote", "\""),
                element.stringOr("escape", "\\"),
                element.stringOr("null-value", ""),
                element.stringOr("encoding", "UTF-8"));
        element.check(!source.delimiter.isEmpty(), "delimiter", "''", "a field separator such as \",\", \";\" or \"\\t\"");
        element.check(source.quote.length() <= 1, "quote", "'" + source.quote + "'", "one character (or empty for no quoting)");
        element.check(source.escape.length() <= 1, "escape", "'" + source.escape + "'", "one character");
        element.check(java.nio.charset.Charset.isSupported(source.encoding), "encoding", "'" + source.encoding + "'",
                "a character set this JVM knows, such as UTF-8 or ISO-8859-1");
        return source;
    }
}
