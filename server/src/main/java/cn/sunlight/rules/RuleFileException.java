package cn.sunlight.rules;

/**
 * A rule or calendar file that cannot be used. The message always starts with {@code file:line:} (or just {@code file:}
 * when no line is known), so a start-up failure points straight at the line to fix.
 */
public class RuleFileException extends RuntimeException {
    private final String file;
    private final int line;
    private final String problem;

    public RuleFileException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    public RuleFileException(String file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    RuleFileException(java.nio.file.Path file, int line, String problem) {
        this(String.valueOf(file), line, problem, null);
    }

    RuleFileException(java.nio.file.Path file, int line, String problem, Throwable cause) {
        this(String.valueOf(file), line, problem, cause);
    }

    /** The file as it was given to the parser (or {@code "canonical JSON"} for {@link RuleSetParser#fromCanonical}). */
    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem has no line (e.g. an unreadable file). */
    public int line() {
        return line;
    }

    /** The message without the file and line. */
    public String problem() {
        return problem;
    }

    private static String format(String file, int line, String problem) {
        return line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem;
    }
}
