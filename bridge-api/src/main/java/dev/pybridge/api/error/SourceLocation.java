package dev.pybridge.api.error;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Where in the Python source an error happened.
 *
 * @param file the file name as Python knows it ({@code "<pybridge>"} for code sent as a string)
 * @param line the 1-based line
 * @param column the 1-based column, known for syntax errors
 * @since 0.1
 */
public record SourceLocation(String file, int line, OptionalInt column) {

    public SourceLocation {
        requireNonNull(file, "file is null");
        requireNonNull(column, "column is null");
    }
}
