package cn.sunlight.tools;

import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/** The bidder tool, run in-process against the test server, as a bidder would run it. */
@QuarkusTest
class BidderToolTest {

    @Inject
    PlatformClock clock;
    @Inject
    BlobStore blobs;
    @Inject
    io.agroal.api.AgroalDataSource db;
    @ConfigProperty(name = "sunlight.blob.dir")
    Path blobDir;

    private final ObjectMapper json = new ObjectMapper();

    record Tender(long id, String code, Party host) {
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    Tender publishedTender() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        return new Tender(id, code, host);
    }

    Party registeredBidder(Tender t) {
        Party b = Api.party("BIDDER");
        b.call().post("/api/tenders/" + t.id() + "/registrations").then().statusCode(201);
        return b;
    }

    /** The party's keys as the tool reads them; certificate files hold the chain [own, CA] as the platform returns it. */
    static Path keysDir(Party p) throws Exception {
        Path dir = Files.createTempDirectory("bidder-keys");
        String ca = given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString();
        Files.writeString(dir.resolve("signing-key.pem"), Pem.write(p.signing().getPrivate()));
        Files.writeString(dir.resolve("signing-cert.pem"), Pem.write(p.signingCertificate()) + ca);
        Files.writeString(dir.resolve("encryption-key.pem"), Pem.write(p.encryption().getPrivate()));
        Files.writeString(dir.resolve("encryption-cert.pem"), Pem.write(p.encryptionCertificate()) + ca);
        return dir;
    }

    static Path bidFolder(String marker, String price) throws Exception {
        Path dir = Files.createTempDirectory("bid-folder");
        Files.writeString(dir.resolve("opening-form.json"),
                "{\"price\":\"" + price + "\",\"duration\":\"90 日历天\",\"quality\":\"合格\",\"projectManager\":\"张工\"}");
        Files.writeString(dir.resolve("technical.txt"), "技术方案 " + marker);
        Files.createDirectories(dir.resolve("商务文件"));
        byte[] filler = new byte[200 * 1024]; // larger than the server's input buffer, incompressible
        new Random(marker.hashCode()).nextBytes(filler);
        Files.write(dir.resolve("商务文件/drawings.bin"), filler);
        return dir;
    }

    static String server() {
        return "http://localhost:" + RestAssured.port;
    }

    static Run tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BidderTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run as(Party bidder, Path keys, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--server", server(), "--user", bidder.username(),
                "--password", Api.PASSWORD, "--keys", keys.toString()));
        args.addAll(List.of(more));
        return tool(args.toArray(String[]::new));
    }

    JsonNode receipt(Path file) throws Exception {
        return json.readTree(file.toFile());
    }

    @Test
    void submitVerifyResubmitAndWithdrawThroughTheTool() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        Path keys = keysDir(bidder);
        String marker = "TOOL-PLAINTEXT-" + System.nanoTime();
        Path folder = bidFolder(marker, "9200000.00");

        Run first = as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", folder.toString(),
                "--bond-account", "6222 0210 0112 3456 789");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().indexOf("投标已受理") < first.out().indexOf("Bid accepted"), "Chinese first: " + first);
        Path v1 = folder.resolve("receipt-" + t.id() + "-1-v1.json");
        assertTrue(Files.isRegularFile(v1), first.toString());
        JsonNode r1 = receipt(v1);
        assertEquals(t.code(), r1.at("/content/tenderCode").asText());
        assertEquals("SUBMISSION", r1.at("/content/kind").asText());
        assertTrue(Files.exists(keys.resolve("tool-id")), "the installation's file creation code is kept with the keys");

        // The stored blob is the envelope the receipt names, sealed to the bidder too: the bidder's own key opens it,
        // and the ZIP inside holds the folder's files in sorted order (not the tool's receipts).
        String sha = r1.at("/content/envelopeSha256").asText();
        Path blob = blobs.find(sha).orElseThrow();
        assertEquals(r1.at("/content/size").asLong(), Files.size(blob));
        List<String> names = openOwnEnvelope(blob, bidder);
        assertEquals(List.of("opening-form.json", "technical.txt", "商务文件/drawings.bin"), names);

        // Offline check of the saved receipt, with the CA from a file and fetched from the server.
        Path ca = Files.createTempFile("ca", ".pem");
        Files.writeString(ca, given().get("/api/pki/ca.pem").asString());
        Run verified = tool("verify-receipt", v1.toString(), "--ca", ca.toString());
        assertEquals(0, verified.exit(), verified.toString());
        assertTrue(verified.out().contains(sha) && verified.out().contains(t.code()), verified.toString());
        Run fetched = tool("verify-receipt", v1.toString(), "--server", server());
        assertEquals(0, fetched.exit(), fetched.toString());

        // Any edit of the receipt breaks it.
        for (String field : List.of("size", "receivedAt", "lot")) {
            ObjectNode tampered = (ObjectNode) r1.deepCopy();
            ObjectNode content = (ObjectNode) tampered.get("content");
            switch (field) {
                case "size" -> content.put("size", content.get("size").asLong() + 1);
                case "receivedAt" -> content.put("receivedAt", "2020-01-01T00:00:00Z");
                default -> content.put("lot", 2);
            }
            Path bad = Files.createTempFile("tampered", ".json");
            json.writeValue(bad.toFile(), tampered);
            Run r = tool("verify-receipt", bad.toString(), "--ca", ca.toString());
            assertEquals(3, r.exit(), field + ": " + r);
        }
        // A receipt "signed" by a bidder's own certificate (which also chains to the CA) is not a platform receipt.
        ObjectNode forged = (ObjectNode) r1.deepCopy();
        var content = new java.util.TreeMap<String, Object>(json.convertValue(forged.get("content"), Map.class));
        var s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(bidder.signing().getPrivate());
        s.update(cn.sunlight.common.CanonicalJson.write(content).getBytes(StandardCharsets.UTF_8));
        forged.put("signature", java.util.Base64.getEncoder().encodeToString(s.sign()));
        forged.put("signerChain", Files.readString(keys.resolve("signing-cert.pem")));
        Path forgedFile = Files.createTempFile("forged", ".json");
        json.writeValue(forgedFile.toFile(), forged);
        Run forgedRun = tool("verify-receipt", forgedFile.toString(), "--ca", ca.toString());
        assertEquals(3, forgedRun.exit(), forgedRun.toString());

        // Resubmission: version 2 (the v1 receipt in the folder is not packed into the bid).
        Files.writeString(folder.resolve("opening-form.json"), "{\"price\": 9100000.00}");
        Run second = as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", folder.toString());
        assertEquals(0, second.exit(), second.toString());
        Path v2 = folder.resolve("receipt-" + t.id() + "-1-v2.json");
        assertEquals(2, receipt(v2).at("/content/version").asInt());
        assertEquals(List.of("opening-form.json", "technical.txt", "商务文件/drawings.bin"),
                openOwnEnvelope(blobs.find(receipt(v2).at("/content/envelopeSha256").asText()).orElseThrow(), bidder));

        Path withdrawals = Files.createTempDirectory("withdrawals");
        Run withdrawn = as(bidder, keys, "withdraw", "--tender", "" + t.id(), "--lot", "1", "--folder", withdrawals.toString());
        assertEquals(0, withdrawn.exit(), withdrawn.toString());
        Path v3 = withdrawals.resolve("receipt-" + t.id() + "-1-v3.json");
        assertEquals("WITHDRAWAL", receipt(v3).at("/content/kind").asText());
        assertEquals(0, tool("verify-receipt", v3.toString(), "--ca", ca.toString()).exit());
        // Withdrawing twice: there is no standing submission left to sign a withdrawal for.
        Run again = as(bidder, keys, "withdraw", "--tender", "" + t.id(), "--lot", "1", "--folder", withdrawals.toString());
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.toString().contains("no bid to withdraw"), again.toString());

        Run listed = as(bidder, keys, "receipts", "--tender", "" + t.id());
        assertEquals(0, listed.exit(), listed.toString());
        assertEquals(3, listed.out().split("核验通过 / verified", -1).length - 1, listed.toString());
        bidder.call().get("/api/tenders/" + t.id() + "/bids/mine").then().statusCode(200)
                .body("content.kind", contains("SUBMISSION", "SUBMISSION", "WITHDRAWAL"));

        // What the tool reported about the machine and the bond account is kept with each submission.
        String toolId = Files.readString(keys.resolve("tool-id")).strip();
        try (var c = db.getConnection(); var ps = c.prepareStatement("select e.file_creation_code, e.tool, e.bond_payer_account, "
                + "e.host_hash from submission_evidence e join sealed_bid b on b.id = e.bid_id where b.tender_id = ? order by b.version")) {
            ps.setLong(1, t.id());
            var rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals(toolId, rs.getString(1));
            assertEquals("sunlight-bidder-tool/1", rs.getString(2));
            assertEquals("6222 0210 0112 3456 789", rs.getString(3));
            assertTrue(rs.getString(4) == null || rs.getString(4).matches("[0-9a-f]{64}"));
            assertTrue(rs.next());
            assertEquals(toolId, rs.getString(1), "the same installation, the same code");
            assertNull(rs.getString(3));
            assertFalse(rs.next(), "a withdrawal has no submission evidence");
        }

        // The platform stored ciphertext only.
        try (Stream<Path> files = Files.walk(blobDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(marker), "plaintext in " + f);
            }
        }
    }

    @Test
    void localProblemsStopBeforeAnythingIsSent() throws Exception {
        Tender t = publishedTender();
        Party bidder = registeredBidder(t);
        Path keys = keysDir(bidder);

        Path noForm = bidFolder("no-form", "1.00");
        Files.delete(noForm.resolve("opening-form.json"));
        Run missing = as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", noForm.toString());
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("opening-form.json"), missing.toString());

        Path noPrice = bidFolder("no-price", "1.00");
        Files.writeString(noPrice.resolve("opening-form.json"), "{\"duration\":\"90\"}");
        assertEquals(2, as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", noPrice.toString()).exit());
        Files.writeString(noPrice.resolve("opening-form.json"), "price=1");
        assertEquals(2, as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", noPrice.toString()).exit());

        Path withKey = bidFolder("with-key", "1.00");
        Files.copy(keys.resolve("signing-key.pem"), withKey.resolve("备份.pem"));
        Run keyInBid = as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", withKey.toString());
        assertEquals(2, keyInBid.exit(), keyInBid.toString());
        assertTrue(keyInBid.err().contains("备份.pem"), keyInBid.toString());

        Path ok = bidFolder("lot-9", "1.00");
        assertEquals(2, as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "9", "--folder", ok.toString()).exit(),
                "no such lot");
        // Keys that do not belong to their certificates.
        Path swapped = keysDir(bidder);
        Files.writeString(swapped.resolve("encryption-key.pem"), Pem.write(cn.sunlight.crypto.KeyPairs.ecP256().getPrivate()));
        Run badKeys = as(bidder, swapped, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", ok.toString());
        assertEquals(2, badKeys.exit(), badKeys.toString());
        // A CA that is not the platform's.
        Path otherCa = Files.createTempFile("other-ca", ".pem");
        Files.writeString(otherCa, Pem.write(new cn.sunlight.crypto.PlatformCa(
                new cn.sunlight.crypto.KeyDirectory(Files.createTempDirectory("other-ca-keys"))).certificate()));
        Run wrongCa = as(bidder, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder", ok.toString(),
                "--ca", otherCa.toString());
        assertEquals(2, wrongCa.exit(), wrongCa.toString());

        assertEquals(2, tool().exit());
        assertEquals(2, tool("open-sesame").exit());
        assertEquals(2, tool("submit", "--tender").exit());
        assertEquals(2, tool("verify-receipt", "/nonexistent/receipt.json", "--ca", otherCa.toString()).exit());
        bidder.call().get("/api/tenders/" + t.id() + "/bids/mine").then().body("size()", equalTo(0));
    }

    @Test
    void theServersRefusalIsReported() throws Exception {
        Tender t = publishedTender();
        Party stranger = Api.party("BIDDER"); // not registered for the tender
        Path keys = keysDir(stranger);
        Run refused = as(stranger, keys, "submit", "--tender", "" + t.id(), "--lot", "1", "--folder",
                bidFolder("stranger", "1.00").toString());
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("403") && refused.err().contains("未报名"), refused.toString());

        Run wrongPassword = tool("receipts", "--server", server(), "--user", stranger.username(), "--password", "wrong",
                "--tender", "" + t.id());
        assertEquals(1, wrongPassword.exit(), wrongPassword.toString());
    }

    private static List<String> openOwnEnvelope(Path blob, Party bidder) throws Exception {
        Path quarantine = Files.createTempDirectory("own").resolve("bid.zip");
        try (InputStream in = Files.newInputStream(blob)) {
            new EnvelopeOpener().open(in, bidder.encryption().getPrivate(), bidder.encryptionCertificate(), quarantine);
        }
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(quarantine))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
