package cn.sunlight.distribution;

import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.crypto.Pem;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The bidder's tools as a bidder gets them: downloaded from the platform with their SHA-256, then run with
 * {@code java -jar} and nothing else on the class path (no server classes, no Quarkus), offline and against the
 * platform.
 */
@QuarkusTest
class ToolsJarTest {

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /** {@code java -jar jar args...} in {@code dir}, with an environment that names no class path. */
    static Run java(Path dir, Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the tool finished");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    static Path download(Path dir) throws Exception {
        Response r = given().get("/api/tools/sunlight-tools.jar");
        r.then().statusCode(200).contentType("application/java-archive")
                .header("Content-Disposition", "attachment; filename=\"sunlight-tools.jar\"");
        byte[] jar = r.asByteArray();
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(jar);
        assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(sha) + ":", r.header("Repr-Digest"));
        String line = given().get("/api/tools/sunlight-tools.jar.sha256").then().statusCode(200).extract().asString();
        assertEquals(HexFormat.of().formatHex(sha) + "  sunlight-tools.jar\n", line, "sha256sum -c format");
        // The copy is current: a conditional request carries no body.
        given().header("If-None-Match", r.header("ETag")).get("/api/tools/sunlight-tools.jar").then().statusCode(304);
        Path file = dir.resolve("sunlight-tools.jar");
        Files.write(file, jar);
        return file;
    }

    @Test
    void theDownloadedJarRunsAloneAndSaysWhatIsWrongWithACommandLine(@TempDir Path dir) throws Exception {
        Path jar = download(dir);
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("cn.sunlight.tools.SunlightTools", j.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNull(j.getEntry("io/quarkus/runtime/Application.class"), "no Quarkus inside");
            assertNull(j.getEntry("cn/sunlight/bid/service/BidService.class"), "no server class inside");
        }

        Run help = java(dir, jar, "--help");
        assertEquals(0, help.exit(), help.toString());
        for (String command : List.of("keys", "submit", "withdraw", "receipts", "decrypt", "verify-receipt", "verify-log", "replay-auction")) {
            assertTrue(help.out().contains("  " + command + " "), command + " listed: " + help);
        }
        assertTrue(help.out().startsWith("用法："), "Chinese by default: " + help);
        Run english = java(dir, jar, "submit", "--help", "--lang", "en");
        assertEquals(0, english.exit(), english.toString());
        assertTrue(english.out().startsWith("Usage: sunlight-tools submit") && english.out().contains("--tender=ID"), english.toString());

        // An option without its value, last on the line: a clear message, the usage, exit 2, no stack trace.
        Files.writeString(dir.resolve("export.json"), "{}");
        Run missing = java(dir, jar, "verify-log", "export.json", "--log-key");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("错误：选项 --log-key 缺少取值"), missing.toString());
        assertTrue(missing.err().contains("Error: Missing required parameter for option '--log-key'"), missing.toString());
        assertFalse(missing.err().contains("Exception") || missing.err().contains("\tat "), missing.toString());
        Run unknown = java(dir, jar, "open-sesame");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("open-sesame"), unknown.toString());
    }

    @Test
    void theDownloadedJarVerifiesThePlatformsLogAndMakesKeysWithIt(@TempDir Path dir) throws Exception {
        Path jar = download(dir);
        // Offline: the platform's audit log, checked against its published key.
        Party bidder = Api.party("BIDDER");
        String logKey = given().get("/api/log/keys").then().statusCode(200).extract().path("logVerifierKey");
        Files.write(dir.resolve("log.json"), given().get("/api/log/export").then().statusCode(200).extract().asByteArray());
        Run verified = java(dir, jar, "verify-log", "log.json", "--log-key", logKey);
        assertEquals(0, verified.exit(), verified.toString());
        assertTrue(verified.out().contains("OK: "), verified.toString());
        Run wrongKey = java(dir, jar, "verify-log", "log.json", "--log-key", logKey.substring(0, logKey.length() - 4) + "AAAA");
        assertNotEquals(0, wrongKey.exit(), wrongKey.toString());

        // Online: keys made on this machine and certified by the platform CA, over HTTP.
        Run keys = java(dir, jar, "keys", "--server", "http://localhost:" + RestAssured.port, "--user", bidder.username(),
                "--password", Api.PASSWORD, "--keys", "mine");
        assertEquals(0, keys.exit(), keys.toString());
        X509Certificate cert = Pem.readCertificate(Files.readString(dir.resolve("mine/signing-cert.pem")));
        assertEquals(bidder.creditCode(), PlatformCa.organisationCode(cert).orElseThrow());
    }
}
