package cn.sunlight.support;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.support.Api.Party;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;

/** Builds, seals (with OpenSSL, as crypto.md documents), signs and submits bids the way a bidder would. */
public final class Bids {

    private Bids() {
    }

    /** A bid ZIP: opening-form.json, a technical document carrying {@code marker}, and 64 KB of incompressible filler. */
    public static byte[] zip(String marker, String price) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("opening-form.json"));
            zip.write(("{\"price\":\"" + price + "\",\"duration\":\"90 日历天\",\"quality\":\"合格\"}").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("technical.txt"));
            zip.write(("技术方案 " + marker).getBytes(StandardCharsets.UTF_8));
            // A realistic bid is far larger than the server's 10 KB input buffer, so it is streamed.
            zip.putNextEntry(new ZipEntry("drawings.bin"));
            byte[] filler = new byte[64 * 1024];
            new java.util.Random(marker.hashCode()).nextBytes(filler);
            zip.write(filler);
        }
        return bytes.toByteArray();
    }

    /** Exactly the command crypto.md documents, run by OpenSSL. */
    public static byte[] opensslEnvelope(byte[] plaintext, String recipientPem) throws Exception {
        Path dir = Files.createTempDirectory("bid");
        Files.write(dir.resolve("bid.zip"), plaintext);
        Files.writeString(dir.resolve("opening.pem"), recipientPem);
        Shell.ok(dir, "openssl", "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", "bid.zip", "-outform", "DER", "-out", "bid.cms",
                "-recip", "opening.pem", "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                "-keyopt", "rsa_mgf1_md:sha256");
        return Files.readAllBytes(dir.resolve("bid.cms"));
    }

    public static String sign(Party bidder, String statement) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(bidder.signing().getPrivate());
        s.update(statement.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** The statement {@code bidder} signs for {@code envelope}: it names the bidder's organisation. */
    public static String statement(Party bidder, String tenderCode, int lot, byte[] envelope) throws Exception {
        return BidStatement.text(tenderCode, lot, bidder.creditCode(), sha256Hex(envelope), envelope.length);
    }

    public static String sha256Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    public static String openingPem(long tenderId) {
        return given().get("/api/tenders/" + tenderId + "/opening-certificate.pem").then().statusCode(200).extract().asString();
    }

    public static String fingerprint(String host, String mac, String fileCode) {
        return Base64.getEncoder().encodeToString(("{\"hostHash\":\"" + host + "\",\"macHash\":\"" + mac
                + "\",\"fileCreationCode\":\"" + fileCode + "\",\"tool\":\"test\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs an envelope; {@code headers} may add X-Bid-Fingerprint, X-Bond-Payer-Account; signature may be null. */
    public static io.restassured.response.ValidatableResponse submit(Party bidder, long tenderId, int lot, byte[] envelope,
                                                                    String signature, Map<String, String> headers) {
        var spec = given().header("Authorization", "Bearer " + bidder.token()).contentType("application/pkcs7-mime")
                .headers(headers).body(envelope);
        if (signature != null) {
            spec.header("X-Bid-Signature", signature);
        }
        return spec.post("/api/tenders/" + tenderId + "/lots/" + lot + "/bids").then();
    }

    /**
     * Seals a ZIP to the tender's opening certificate and the bidder's own encryption certificate (as the
     * bidder tool does, so the bidder can unwrap the key at the opening), signs and submits it.
     */
    public static byte[] sealToOpeningAndSelf(long tenderId, String tenderCode, Party bidder, byte[] zip, boolean tamper)
            throws Exception {
        java.security.cert.X509Certificate opening = cn.sunlight.crypto.Pem.readCertificate(openingPem(tenderId));
        byte[] envelope = new cn.sunlight.bid.envelope.EnvelopeSealer().seal(zip, java.util.List.of(opening, bidder.encryptionCertificate()));
        if (tamper) {
            envelope[envelope.length - 40] ^= 1; // a corrupted ciphertext the bidder's tool produced and signed
        }
        submit(bidder, tenderId, 1, envelope, sign(bidder, statement(bidder, tenderCode, 1, envelope)), Map.of()).statusCode(201);
        return envelope;
    }

    /** What the bidder's tool hands over at the opening: the content key unwrapped with its own key. */
    public static String contentKey(byte[] envelope, Party bidder) throws Exception {
        byte[] cek = new cn.sunlight.bid.envelope.EnvelopeOpener().unwrapContentKey(new java.io.ByteArrayInputStream(envelope),
                bidder.encryption().getPrivate(), bidder.encryptionCertificate());
        return Base64.getEncoder().encodeToString(cek);
    }

    /** Seals, signs and submits a bid; expects it to be accepted. */
    public static void bid(Party bidder, long tenderId, String tenderCode, int lot, String price, Map<String, String> headers)
            throws Exception {
        byte[] envelope = opensslEnvelope(zip(bidder.username(), price), openingPem(tenderId));
        submit(bidder, tenderId, lot, envelope, sign(bidder, statement(bidder, tenderCode, lot, envelope)), headers).statusCode(201);
    }

    /** Three bidders registered for a tender, each with a sealed bid on lot 1. */
    public record Trio(Party a, Party b, Party c) {
    }

    /**
     * The collusion fixture: a and b pay their bonds from one account (6222-0000-1111) and prepare their bids on one
     * computer (host-X; their MAC addresses and file-creation codes differ); c is independent. Prices as given.
     */
    public static Trio sameAccountAndHost(long tenderId, String tenderCode, String priceA, String priceB, String priceC)
            throws Exception {
        Party a = Api.party("BIDDER");
        Party b = Api.party("BIDDER");
        Party c = Api.party("BIDDER");
        for (Party p : new Party[]{a, b, c}) {
            p.call().post("/api/tenders/" + tenderId + "/registrations").then().statusCode(201);
        }
        // The bank reports a's and b's bonds from one account.
        payBond(a, tenderId, 1, "6222-0000-1111", "100000.00", null);
        payBond(b, tenderId, 1, "6222-0000-1111", "100000.00", null);
        payBond(c, tenderId, 1, "6222-9999-2222", "100000.00", null);
        bid(a, tenderId, tenderCode, 1, priceA, Map.of("X-Bond-Payer-Account", "6222-0000-1111", "X-Bid-Fingerprint",
                fingerprint("host-X", "mac-A", "file-A")));
        bid(b, tenderId, tenderCode, 1, priceB, Map.of("X-Bond-Payer-Account", "6222-0000-1111", "X-Bid-Fingerprint",
                fingerprint("host-X", "mac-B", "file-B")));
        bid(c, tenderId, tenderCode, 1, priceC, Map.of("X-Bond-Payer-Account", "6222-9999-2222", "X-Bid-Fingerprint",
                fingerprint("host-Z", "mac-Z", "file-Z")));
        return new Trio(a, b, c);
    }

    /** The bidder's bond sub-account for a lot (issued on first request). */
    public static String bondAccount(Party p, long tenderId, int lot) {
        return p.call().get("/api/tenders/" + tenderId + "/bond-accounts/mine").then().statusCode(200).extract()
                .path("find { it.lot == " + lot + " }.accountNo");
    }

    private static final java.util.concurrent.atomic.AtomicLong REFERENCES = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    /**
     * The bank credits {@code amount} from {@code payerAccount} to the bidder's sub-account, value date {@code valueDate}
     * (null: the tender's deadline day in Beijing), and the operator imports that statement line. Returns the reference.
     */
    public static String payBond(Party p, long tenderId, int lot, String payerAccount, String amount, java.time.LocalDate valueDate) {
        String sub = bondAccount(p, tenderId, lot);
        java.time.LocalDate date = valueDate != null ? valueDate : java.time.Instant.parse(given().get("/api/tenders/" + tenderId)
                .then().extract().path("schedule.bidDeadline")).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
        String ref = "BR" + REFERENCES.incrementAndGet();
        Api.as(Api.operator()).body(Map.of("lines", java.util.List.of(Map.of("subAccount", sub, "bankReference", ref,
                        "payerAccount", payerAccount, "payerName", p.organisationName(), "amount", amount, "valueDate", date.toString()))))
                .post("/api/bond/statements").then().statusCode(200);
        return ref;
    }
}
