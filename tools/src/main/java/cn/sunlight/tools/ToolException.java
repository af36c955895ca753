package cn.sunlight.tools;

import cn.sunlight.common.Text;

import java.util.List;

/**
 * Why the bidder tool stops, with the exit code that tells a script what happened:
 * {@value #REFUSED} the platform refused the request, {@value #LOCAL} a usage or local error (nothing was accepted
 * by the platform), {@value #UNVERIFIED} the platform answered but its receipt did not verify.
 */
public final class ToolException extends Exception {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int LOCAL = 2;
    public static final int UNVERIFIED = 3;

    private final int exitCode;
    private final Text text;
    private final List<String> details;
    private final boolean showUsage;

    public ToolException(int exitCode, Text text, List<String> details, Throwable cause) {
        this(exitCode, text, details, cause, false);
    }

    private ToolException(int exitCode, Text text, List<String> details, Throwable cause, boolean showUsage) {
        super(text.en(), cause);
        this.exitCode = exitCode;
        this.text = text;
        this.details = List.copyOf(details);
        this.showUsage = showUsage;
    }

    /** A wrong value or a local condition: exit {@value #LOCAL}. */
    public static ToolException usage(String zh, String en) {
        return new ToolException(LOCAL, Text.of(zh, en), List.of(), null);
    }

    /** A malformed command line (unknown command or option, missing value): exit {@value #LOCAL} and the usage text. */
    public static ToolException commandLine(String zh, String en) {
        return new ToolException(LOCAL, Text.of(zh, en), List.of(), null, true);
    }

    public static ToolException local(String zh, String en, Throwable cause) {
        return new ToolException(LOCAL, Text.of(zh, en), List.of(), cause);
    }

    public static ToolException unverified(Text reason) {
        return new ToolException(UNVERIFIED, reason, List.of(), null);
    }

    public int exitCode() {
        return exitCode;
    }

    public Text text() {
        return text;
    }

    public List<String> details() {
        return details;
    }

    public boolean showUsage() {
        return showUsage;
    }
}
