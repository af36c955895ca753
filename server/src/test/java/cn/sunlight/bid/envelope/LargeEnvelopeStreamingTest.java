package cn.sunlight.bid.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB bid is sealed, inspected and opened in a separate JVM whose whole heap is 64 MB: if any step held the
 * envelope or the plaintext in memory it would fail with OutOfMemoryError. The child also reports the heap pools'
 * peak usage per step.
 */
class LargeEnvelopeStreamingTest {

    private static final long SIZE = 200L * 1024 * 1024;
    private static final String HEAP = "64m";

    @TempDir
    Path tmp;

    @Test
    void twoHundredMegabyteEnvelopeIsInspectedAndOpenedWithA64MegabyteHeap() throws Exception {
        TestPki pki = TestPki.get();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx" + HEAP, "-cp", classpath,
                LargeEnvelopeRun.class.getName(), tmp.toString(), Long.toString(SIZE), pki.opening.certPem().toString(),
                pki.opening.keyPem().toString())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out");
        assertEquals(0, p.exitValue(), output);
        System.out.println("[large envelope] " + output.trim());

        Matcher m = Pattern.compile("maxHeap=(\\d+) inspectHeapPeak=(\\d+) openHeapPeak=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        long maxHeap = Long.parseLong(m.group(1));
        assertTrue(maxHeap * 3 < SIZE, "the child heap must be far smaller than the envelope");
        assertTrue(Long.parseLong(m.group(2)) < SIZE / 4, output);
        assertTrue(Long.parseLong(m.group(3)) < SIZE / 4, output);
    }
}
