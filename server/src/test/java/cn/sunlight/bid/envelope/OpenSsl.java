package cn.sunlight.bid.envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the OpenSSL 3 command line — the independent implementation the tests check against. */
final class OpenSsl {
    private OpenSsl() {
    }

    /** Runs {@code openssl args...} in {@code dir}; fails the test with OpenSSL's output unless it exits 0. */
    static String run(Path dir, Object... args) {
        Result r = tryRun(dir, args);
        if (r.exitCode() != 0) {
            throw new AssertionError("openssl " + r.command() + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    record Result(int exitCode, String output, String command) {
    }

    static Result tryRun(Path dir, Object... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        for (Object a : args) {
            cmd.add(a.toString());
        }
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl timed out: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    String.join(" ", cmd.subList(1, cmd.size())));
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl (is OpenSSL 3 installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
