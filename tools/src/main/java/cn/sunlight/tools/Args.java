package cn.sunlight.tools;

import java.nio.file.Path;
import java.util.Optional;

/** Checks of option values that picocli's type conversion does not make (the bidder tool's wording). */
final class Args {

    private Args() {
    }

    /** A path relative to the caller's directory; a blank value counts as absent. */
    static Optional<Path> path(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(v -> Path.of(v).toAbsolutePath().normalize());
    }

    static Path requiredPath(String name, String value) throws ToolException {
        return path(value).orElseThrow(() -> ToolException.commandLine("缺少选项 --" + name, "option --" + name + " is required"));
    }

    static long id(String name, long value) throws ToolException {
        if (value <= 0) {
            throw ToolException.usage("--" + name + " 须为正整数：" + value, "--" + name + " must be a positive number: " + value);
        }
        return value;
    }

    static int lot(long value) throws ToolException {
        long lot = id("lot", value);
        if (lot > Integer.MAX_VALUE) {
            throw ToolException.usage("标段号过大：" + lot, "lot number too large: " + lot);
        }
        return (int) lot;
    }
}
