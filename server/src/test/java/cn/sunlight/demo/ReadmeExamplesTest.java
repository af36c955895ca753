package cn.sunlight.demo;

import cn.sunlight.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 18: the README's shell blocks marked {@code <!-- tested -->} run as written, top to bottom, in one bash, against
 * the demo built on the test instance. What differs from a reader's machine is only where things are: the test
 * instance's port instead of 8080 (the bidder tool's default server), this JDK's java for the downloaded tools jar, the test
 * demo's key folder, and the ids the demo's tenders got in the shared test database (1: the engineering tender, 8: the
 * finished online bidding in a fresh demo).
 */
@QuarkusTest
class ReadmeExamplesTest {

    private static final Pattern MARKED = Pattern.compile("<!-- tested[^>]*-->\\s*\\n```sh\\n(.*?)```", Pattern.DOTALL);

    @Inject
    DemoData demo;

    static List<String> markedBlocks(String readme) {
        List<String> blocks = new ArrayList<>();
        Matcher m = MARKED.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void theMarkedExamplesRunAsWrittenOnTheDemo(@TempDir Path dir) throws Exception {
        var d = DemoFixture.get(demo);
        List<String> blocks = markedBlocks(Files.readString(Path.of("../README.md")));
        assertTrue(blocks.size() >= 4, "the README marks its runnable examples: " + blocks.size());
        // The tools jar the blocks download from the platform runs on this JDK (the machine's java may be older).
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String java = javaBin + " -cp '"
                + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")) + "'";
        String script = "set -e\n" + String.join("\n", blocks)
                .replace("localhost:8080", "localhost:" + RestAssured.port)
                .replace("java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*'", java)
                .replaceAll("(?m)^java -jar sunlight-tools.jar submit", Matcher.quoteReplacement(javaBin
                        + " -jar sunlight-tools.jar submit --server http://localhost:" + RestAssured.port))
                .replaceAll("(?m)^java -jar sunlight-tools.jar", Matcher.quoteReplacement(javaBin + " -jar sunlight-tools.jar"))
                .replace("var/demo-keys/", DemoFixture.KEYS.toAbsolutePath() + "/")
                .replace("/api/tenders/1/", "/api/tenders/" + d.engineeringTender() + "/")
                .replace("--tender 1 ", "--tender " + d.engineeringTender() + " ")
                .replace("receipt-1-1-", "receipt-" + d.engineeringTender() + "-1-")
                .replace("/api/tenders/8/", "/api/tenders/" + d.stages().auction().id() + "/");
        Path file = dir.resolve("readme.sh");
        Files.writeString(file, script);
        Shell.Result r = Shell.run(dir, "bash", file.toString());
        String out = r.output();
        assertEquals(0, r.exit(), script + "\n----\n" + out);
        assertTrue(out.contains("阳光市第二人民医院门诊楼施工总承包"), "the announcement read back with pdftotext\n" + out);
        assertTrue(out.split("\nOK: ", -1).length >= 3, "the auction export replays and the log export verifies\n" + out);
        assertTrue(Files.exists(dir.resolve("my-bid/receipt-" + d.engineeringTender() + "-1-v1.json")), "the bidder tool's receipt\n" + out);
    }
}
