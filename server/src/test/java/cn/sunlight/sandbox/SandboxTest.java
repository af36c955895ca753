package cn.sunlight.sandbox;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.opening.service.DeadlineTimer;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 18: sandbox tenders run the same code on an accelerated clock, say so everywhere, stay out of the public lists. */
@QuarkusTest
class SandboxTest {

    @Inject
    PlatformClock clock;
    @Inject
    DeadlineTimer timer;
    @Inject
    BidClosing closing;
    @Inject
    io.agroal.api.AgroalDataSource db;

    private long create(Party host, String query) {
        Api.ensureCustodians();
        long project = Api.project(host);
        return ((Number) host.call().body(Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)))
                .post("/api/projects/" + project + "/tenders" + query).then().statusCode(201).extract().path("id")).longValue();
    }

    private String publish(Party host, long id) {
        return host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
    }

    private static String status(long id) {
        return given().get("/api/tenders/" + id).then().statusCode(200).extract().path("status");
    }

    @Test
    void aSandboxDeadlinePassesAfterMinutesWhileTheRealOneDoesNot() {
        Party host = Api.party("TENDERER");
        long real = create(host, "");
        long sandbox = create(host, "?sandbox=true"); // default factor 1440: one day per minute
        publish(host, real);
        String code = publish(host, sandbox);
        assertTrue(code.startsWith("SANDBOX-"), code);
        given().get("/api/tenders/" + sandbox).then().body("sandbox", equalTo(true));
        given().get("/api/tenders/" + real).then().body("sandbox", equalTo(false));

        // Both deadlines are 30 days ahead on their own clocks; the sandbox timer fires 30 real minutes after creation.
        Instant realDeadline = Instant.parse(given().get("/api/tenders/" + real).then().extract().path("schedule.bidDeadline"));
        assertEquals(realDeadline, timer.nextFire(real));
        Duration untilSandboxFire = Duration.between(clock.now(), timer.nextFire(sandbox));
        assertTrue(untilSandboxFire.compareTo(Duration.ofMinutes(29)) > 0 && untilSandboxFire.compareTo(Duration.ofMinutes(31)) < 0,
                "the sandbox deadline fires 30 days / 1440 after creation, not " + untilSandboxFire);
        assertFalse(closing.closeIfDue(sandbox), "the sandbox deadline is not there yet");

        Duration minutes = Duration.ofMinutes(31);
        clock.advance(minutes);
        try {
            Instant sandboxNow = Instant.parse(given().get("/api/sandbox/tenders/" + sandbox + "/clock").then().statusCode(200)
                    .body("factor", equalTo(1440)).extract().path("sandboxNow"));
            assertTrue(sandboxNow.isAfter(clock.now().plus(Duration.ofDays(30))), "31 real minutes are 31 sandbox days");
            assertTrue(closing.closeIfDue(sandbox), "the sandbox tender's deadline has passed on its clock");
            assertFalse(closing.closeIfDue(real), "the real tender's has not");
            assertEquals("CLOSED", status(sandbox));
            assertEquals("BIDDING", status(real));
        } finally {
            clock.advance(minutes.negated());
        }
    }

    @Test
    void theDeadlineTimerFiresAtTheRealInstantOfTheSandboxDeadlineWithoutTouchingTheTestClock() throws Exception {
        Party host = Api.party("TENDERER");
        long id = create(host, "?sandbox=true&sandboxFactor=1");
        publish(host, id);
        Party bidder = Api.party("BIDDER");
        bidder.call().body(Map.of("factor", 1000)).put("/api/sandbox/tenders/" + id + "/clock").then().statusCode(403);
        host.call().body(Map.of("factor", 0)).put("/api/sandbox/tenders/" + id + "/clock").then().statusCode(422)
                .body(containsString("factor"));
        host.call().post("/api/sandbox/reset").then().statusCode(403);
        Instant before = timer.nextFire(id);
        // 30 days at 1,000,000× are 2.6 s: the Quartz job, not the test, closes it.
        host.call().body(Map.of("factor", 1_000_000)).put("/api/sandbox/tenders/" + id + "/clock").then().statusCode(200)
                .body("factor", equalTo(1_000_000));
        Instant after = timer.nextFire(id);
        assertTrue(after.isBefore(before.minus(Duration.ofDays(29))), "the timer moved to the real instant: " + after);
        long until = System.currentTimeMillis() + 40_000;
        while (!"CLOSED".equals(status(id)) && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        assertEquals("CLOSED", status(id));
    }

    private static String pdfText(Path dir, long id, String name) throws Exception {
        byte[] pdf = given().get("/api/tenders/" + id + "/announcement.pdf").then().statusCode(200).extract().asByteArray();
        Path file = dir.resolve(name + ".pdf");
        Files.write(file, pdf);
        return Shell.ok(dir, "pdftotext", "-enc", "UTF-8", file.toString(), "-");
    }

    private long events(long id) throws Exception {
        try (var conn = db.getConnection(); var ps = conn.prepareStatement(
                "select count(*) from audit_event where object_type = 'tender' and object_id = ?")) {
            ps.setString(1, String.valueOf(id));
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private String entry(long id, String action) throws Exception {
        try (var conn = db.getConnection(); var ps = conn.prepareStatement(
                "select entry from audit_event where object_type = 'tender' and object_id = ? and action = ?")) {
            ps.setString(1, String.valueOf(id));
            ps.setString(2, action);
            var rs = ps.executeQuery();
            assertTrue(rs.next(), action);
            return rs.getString(1);
        }
    }

    @Test
    void everySandboxArtefactSaysSoNoPublicListShowsItAndAResetHidesItKeepingTheLog(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Party host = Api.party("TENDERER");
        long real = create(host, "");
        long sandbox = create(host, "?sandbox=true");
        publish(host, real);
        String code = publish(host, sandbox);

        // The announcement PDF (read back with pdftotext) opens with the banner; the real one has none.
        String sandboxPdf = pdfText(dir, sandbox, "sandbox");
        assertTrue(sandboxPdf.contains("沙箱") && sandboxPdf.contains("SANDBOX"), sandboxPdf);
        assertFalse(pdfText(dir, real, "real").contains("沙箱"));

        // The receipt of a sandbox bid says so, and keeps the real platform time beside the sandbox one.
        Party bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + sandbox + "/registrations").then().statusCode(201);
        byte[] envelope = new EnvelopeSealer().seal(Bids.zip(bidder.username(), "9000000.00"),
                List.of(Pem.readCertificate(Bids.openingPem(sandbox)), bidder.encryptionCertificate()));
        Bids.submit(bidder, sandbox, 1, envelope, Bids.sign(bidder, BidStatement.text(code, 1, bidder.creditCode(), Bids.sha256Hex(envelope), envelope.length)),
                Map.of()).statusCode(201)
                .body("content.sandbox", containsString("沙箱 SANDBOX"))
                .body("content.tenderCode", startsWith("SANDBOX-"))
                .body("content.platformTime", notNullValue());

        // Every log entry of the sandbox tender carries "sandbox":true; the real tender's none.
        assertTrue(entry(sandbox, "tender.published").contains("\"sandbox\":true"));
        assertTrue(entry(sandbox, "bid.submitted").contains("\"sandbox\":true"));
        assertFalse(entry(real, "tender.published").contains("sandbox"));

        // Public lists and search never show it; the sandbox list does.
        given().get("/api/tenders").then().statusCode(200).body("id", hasItem((int) real)).body("id", not(hasItem((int) sandbox)));
        given().queryParam("q", code).get("/api/tenders").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/sandbox/tenders").then().statusCode(200).body("id", hasItem((int) sandbox)).body("id", not(hasItem((int) real)));
        assertFalse(given().get("/").then().statusCode(200).extract().asString().contains(code), "the public portal's list");
        // Its own portal page (reachable by its link) says so; a real tender's does not.
        assertTrue(given().get("/tenders/" + sandbox).then().statusCode(200).extract().asString().contains("沙箱 SANDBOX"));
        assertFalse(given().get("/tenders/" + real).then().statusCode(200).extract().asString().contains("沙箱"));

        // The operator's reset hides it and removes its timer; every audit event stays, plus the reset itself.
        long before = events(sandbox);
        Api.as(Api.operator()).post("/api/sandbox/reset").then().statusCode(200).body("reset", greaterThanOrEqualTo(1));
        given().get("/api/tenders/" + sandbox).then().statusCode(404);
        given().get("/api/sandbox/tenders").then().body("id", not(hasItem((int) sandbox)));
        assertNull(timer.nextFire(sandbox));
        assertEquals(before + 1, events(sandbox));
        assertTrue(entry(sandbox, "sandbox.reset").contains("\"sandbox\":true"));
        assertEquals("BIDDING", status(real), "a reset touches no real tender");
    }
}
