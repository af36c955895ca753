package cn.sunlight.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the independent verifiers (openssl, pdftotext, pdfsig) the tests check artifacts with. */
public final class Shell {

    private Shell() {
    }

    public record Result(int exit, String output) {
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    public static String ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        assertEquals(0, r.exit(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }
}
