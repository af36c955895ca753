package cn.sunlight.opening;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.bid.envelope.ShamirCustody;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Shell;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class OnlineOpeningTest {

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    AgroalDataSource db;

    record Tender(long id, String code, Party host, Instant deadline) {
    }

    Tender published(String ceiling) {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS));
        body.put("ceilingPrice", ceiling);
        long id = Api.draft(host, body);
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        return new Tender(id, code, host, deadline);
    }

    byte[] sealAndSubmit(Tender t, Party bidder, String price, boolean tamper) throws Exception {
        bidder.call().post("/api/tenders/" + t.id() + "/registrations").then().statusCode(201);
        return Bids.sealToOpeningAndSelf(t.id(), t.code(), bidder, Bids.zip(bidder.username(), price), tamper);
    }

    @Test
    void fiveBiddersOneTamperedOpenOnlineWithBothDecryptionPathsAndASignedRecord() throws Exception {
        Tender t = published("9500000.00");
        Party[] b = new Party[5];
        byte[][] envelopes = new byte[5][];
        String[] prices = {"9100000.00", "9250000.00", "9600000.00", "9300000.00", "9000000.00"};
        for (int i = 0; i < 5; i++) {
            b[i] = Api.party("BIDDER");
            envelopes[i] = sealAndSubmit(t, b[i], prices[i], i == 4);
        }
        // The hall is watched live over a WebSocket.
        List<String> pushed = new CopyOnWriteArrayList<>();
        Duration past = Duration.between(clock.now(), t.deadline()).plusSeconds(1);
        clock.advance(past);
        try {
            assertTrue(closing.closeIfDue(t.id()));
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                    URI.create("ws://localhost:" + io.restassured.RestAssured.port + "/ws/tenders/" + t.id() + "/opening"),
                    new WebSocket.Listener() {
                        StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                pushed.add(part.toString());
                                part = new StringBuilder();
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            awaitPushed(pushed, "\"stage\":\"SIGN_IN\"");
            assertFalse(pushed.getFirst().contains("standingBids\":5"), "before the start even the number of bids is not shown");

            for (Party p : b) {
                p.call().post("/api/tenders/" + t.id() + "/opening/sign-in").then().statusCode(200);
            }
            b[0].call().post("/api/tenders/" + t.id() + "/opening/start").then().statusCode(403);
            t.host().call().post("/api/tenders/" + t.id() + "/opening/start").then().statusCode(200)
                    .body("stage", equalTo("DECRYPTION")).body("decryptionEndsAt", notNullValue());
            given().get("/api/tenders/" + t.id()).then().body("status", equalTo("OPENING"));
            awaitPushed(pushed, "\"stage\":\"DECRYPTION\"");

            // Path 1: the bidder tool unwraps the key locally and hands it over; two more do it by hand;
            // the tampered one fails, counted as revoked.
            Path toolKeys = Files.createTempDirectory("keys");
            Files.writeString(toolKeys.resolve("signing-key.pem"), Pem.write(b[0].signing().getPrivate()));
            Files.writeString(toolKeys.resolve("signing-cert.pem"), Pem.write(List.of(b[0].signingCertificate())));
            Files.writeString(toolKeys.resolve("encryption-key.pem"), Pem.write(b[0].encryption().getPrivate()));
            Files.writeString(toolKeys.resolve("encryption-cert.pem"), Pem.write(List.of(b[0].encryptionCertificate())));
            var out = new java.io.ByteArrayOutputStream();
            int exit = cn.sunlight.tools.BidderTool.run(new String[]{"decrypt", "--server", "http://localhost:" + io.restassured.RestAssured.port,
                    "--user", b[0].username(), "--password", Api.PASSWORD, "--keys", toolKeys.toString(), "--tender", "" + t.id(), "--lot", "1"},
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(out, true,
                            java.nio.charset.StandardCharsets.UTF_8), Map.of());
            assertEquals(0, exit, out.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("9100000"), out.toString(java.nio.charset.StandardCharsets.UTF_8));
            for (int i : new int[]{1, 2}) {
                b[i].call().body(Map.of("contentKey", Bids.contentKey(envelopes[i], b[i]))).post("/api/tenders/" + t.id() + "/opening/lots/1/key")
                        .then().statusCode(200).body("status", equalTo("DECRYPTED")).body("price", notNullValue());
            }
            b[4].call().body(Map.of("contentKey", Bids.contentKey(envelopes[4], b[4]))).post("/api/tenders/" + t.id() + "/opening/lots/1/key")
                    .then().statusCode(200).body("status", equalTo("FAILED")).body("consequence", equalTo("REVOKED"))
                    .body("failure", containsString("tampered"));
            t.host().call().post("/api/tenders/" + t.id() + "/opening/read-out").then().statusCode(409);

            // Path 2: bidder 4's tool failed; two custodians release their shares and the platform rebuilds the key.
            List<long[]> shares = new ArrayList<>();
            List<byte[]> sealedShares = new ArrayList<>();
            List<String> custodians = new ArrayList<>();
            try (var c = db.getConnection(); var ps = c.prepareStatement("""
                    select s.share_index, s.sealed_share, u.username, u.role from key_share s join user_account u on u.id = s.custodian_id
                    where s.tender_id = ? order by s.share_index""")) {
                ps.setLong(1, t.id());
                var rs = ps.executeQuery();
                while (rs.next()) {
                    shares.add(new long[]{rs.getInt(1)});
                    sealedShares.add(rs.getBytes(2));
                    custodians.add(rs.getString(3) + "/" + rs.getString(4));
                }
            }
            int released = 0;
            for (int i = 0; i < custodians.size() && released < 2; i++) {
                String[] who = custodians.get(i).split("/");
                if (!who[1].equals("OPERATOR") && !Api.PARTIES.containsKey(who[0])) {
                    continue; // a custodian of the demo fixture: this JVM does not hold its key (two of three suffice)
                }
                KeyPair keys;
                String token;
                if (who[1].equals("OPERATOR")) {
                    keys = Api.operatorEncryption;
                    token = Api.operator();
                } else {
                    Party p = Api.PARTIES.get(who[0]);
                    keys = p.encryption();
                    token = p.token();
                }
                X509Certificate cert = Pem.readCertificates(Api.as(token).get("/api/me/certificates").then().extract()
                        .path("find { it.purpose == 'ENCRYPTION' }.certificateChain")).getFirst();
                ShamirCustody.Share share = new ShamirCustody().openShare(sealedShares.get(i), keys.getPrivate(), cert);
                Api.as(token).body(Map.of("share", Base64.getEncoder().encodeToString(share.encoded())))
                        .post("/api/tenders/" + t.id() + "/opening/shares").then().statusCode(200);
                released++;
            }
            given().get("/api/tenders/" + t.id() + "/opening").then().statusCode(200)
                    .body("openedBids", equalTo(5)).body("standingBids", equalTo(5)).body("lines", empty());

            t.host().call().post("/api/tenders/" + t.id() + "/opening/read-out").then().statusCode(200).body("stage", equalTo("READING"));
            var hall = given().get("/api/tenders/" + t.id() + "/opening").then().statusCode(200).body("lines.size()", equalTo(5));
            hall.body("lines.find { it.bidder == '" + b[3].organisationName() + "' }.status", equalTo("DECRYPTED"))
                    .body("lines.find { it.bidder == '" + b[2].organisationName() + "' }.aboveCeiling", equalTo(true))
                    .body("lines.find { it.bidder == '" + b[0].organisationName() + "' }.aboveCeiling", equalTo(false))
                    .body("lines.find { it.bidder == '" + b[4].organisationName() + "' }.consequence", equalTo("REVOKED"))
                    .body("lines.find { it.bidder == '" + b[0].organisationName() + "' }.openingForm", containsString("90 日历天"));
            awaitPushed(pushed, b[3].organisationName());

            // Confirmation: one confirms, one objects and is answered; the others let the window run out.
            t.host().call().post("/api/tenders/" + t.id() + "/opening/confirmation").then().statusCode(200).body("stage", equalTo("CONFIRMATION"));
            b[0].call().body(Map.of("kind", "CONFIRMED")).post("/api/tenders/" + t.id() + "/opening/lots/1/confirm").then().statusCode(200);
            b[1].call().body(Map.of("kind", "OBJECTED", "text", "我方报价唱错，应为 9,250,000.00 元"))
                    .post("/api/tenders/" + t.id() + "/opening/lots/1/confirm").then().statusCode(200);
            t.host().call().post("/api/tenders/" + t.id() + "/opening/close").then().statusCode(409);
            long objectedBid = ((Number) given().get("/api/tenders/" + t.id() + "/opening").then().extract()
                    .path("lines.find { it.bidder == '" + b[1].organisationName() + "' }.bidId")).longValue();
            t.host().call().body(Map.of("answer", "经核对唱标无误，报价为 9,250,000.00 元"))
                    .post("/api/tenders/" + t.id() + "/opening/objections/" + objectedBid + "/answer").then().statusCode(200);
            clock.advance(Duration.ofHours(1));
            try {
                t.host().call().post("/api/tenders/" + t.id() + "/opening/close").then().statusCode(200).body("stage", equalTo("CLOSED"))
                        .body("recordSha256", matchesPattern("[0-9a-f]{64}"));
            } finally {
                clock.advance(Duration.ofHours(-1));
            }
            given().get("/api/tenders/" + t.id()).then().body("status", equalTo("EVALUATION"));

            byte[] pdf = b[0].call().get("/api/tenders/" + t.id() + "/opening/record.pdf").then().statusCode(200).extract().asByteArray();
            Api.party("BIDDER").call().get("/api/tenders/" + t.id() + "/opening/record.pdf").then().statusCode(403);
            Path file = Files.createTempFile("opening-record", ".pdf");
            Files.write(file, pdf);
            String text = Shell.ok(null, "pdftotext", "-enc", "UTF-8", file.toString(), "-").replaceAll("\\s+", "");
            // A name wider than its cell is cut after a hyphen and pdftotext joins the lines without it; once many
            // parties exist the generated names are long enough for that, so hyphens are compared away.
            String unhyphenated = text.replace("-", "");
            for (int i = 0; i < 4; i++) {
                assertTrue(unhyphenated.contains(b[i].organisationName().replaceAll("\\s+", "").replace("-", "")), "bidder " + i + " in the record");
            }
            assertTrue(text.contains("9,100,000.00"), "prices read out");
            assertTrue(text.contains("视为撤销投标"), "the failed bid and its consequence");
            assertTrue(text.contains("经核对唱标无误"), "the objection's answer");
            String sig = Shell.ok(null, "pdfsig", file.toString());
            assertTrue(sig.contains("Signature is Valid"), sig);
            ws.abort();
        } finally {
            clock.advance(past.negated());
        }
    }

    @Test
    void withTwoBidsTheTenderFailsAndIsClosedExactlyOnceEvenWhenRacing() throws Exception {
        Tender t = published("9500000.00");
        Party b1 = Api.party("BIDDER");
        Party b2 = Api.party("BIDDER");
        sealAndSubmit(t, b1, "9000000.00", false);
        sealAndSubmit(t, b2, "9100000.00", false);
        Duration past = Duration.between(clock.now(), t.deadline()).plusSeconds(1);
        clock.advance(past);
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<CompletableFuture<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(CompletableFuture.supplyAsync(() -> closing.closeIfDue(t.id()), pool));
            }
            long winners = racers.stream().map(CompletableFuture::join).filter(Boolean::booleanValue).count();
            assertEquals(1, winners, "one close, however many instances race");
            t.host().call().post("/api/tenders/" + t.id() + "/opening/start").then().statusCode(200).body("stage", equalTo("FAILED"));
            given().get("/api/tenders/" + t.id()).then().body("status", equalTo("FAILED"));
            b1.call().get("/api/notifications").then().body("find { it.tenderId == " + t.id() + " && it.kind == 'tender.failed' }.message",
                    containsString("流标"));
            t.host().call().post("/api/tenders/" + t.id() + "/opening/read-out").then().statusCode(409);
        } finally {
            clock.advance(past.negated());
        }
    }

    private static void awaitPushed(List<String> pushed, String fragment) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (pushed.stream().noneMatch(m -> m.contains(fragment)) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertTrue(pushed.stream().anyMatch(m -> m.contains(fragment)), "pushed to the hall: " + fragment + " in " + pushed);
    }
}
