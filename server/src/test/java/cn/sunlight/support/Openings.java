package cn.sunlight.support;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api.Party;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Drives a tender through publication, sealed bids on lot 1, the deadline and the online opening (every bidder hands
 * over its content key), up to EVALUATION, the way OnlineOpeningTest does step by step. The clock is moved through
 * {@code advance}, so that the caller can move it back afterwards.
 */
public final class Openings {

    private Openings() {
    }

    public record Opened(long id, String code, Party host, List<Party> bidders, List<Long> bidIds) {
    }

    /** Provides the bond of the i-th bidder before the deadline (through the bank statement import, a guarantee, or not at all). */
    public interface BondPayer {
        void pay(long tenderId, int index, Party bidder) throws Exception;
    }

    /** Each bidder's full bond from its own account, value date the deadline day. */
    public static final BondPayer PAY_ALL = (id, i, b) -> Bids.payBond(b, id, 1, "6222" + b.creditCode().substring(8, 16), "100000.00", null);

    public static Opened toEvaluation(PlatformClock clock, BidClosing closing, Consumer<Duration> advance, String tradeType,
                                      String method, Map<String, Object> overrides, String... prices) throws Exception {
        return toEvaluation(clock, closing, advance, tradeType, method, overrides, PAY_ALL, prices);
    }

    public static Opened toEvaluation(PlatformClock clock, BidClosing closing, Consumer<Duration> advance, String tradeType,
                                      String method, Map<String, Object> overrides, BondPayer bonds, String... prices) throws Exception {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody(tradeType, method, clock.now().truncatedTo(ChronoUnit.SECONDS));
        body.putAll(overrides);
        long id = Api.draft(host, body);
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        List<Party> bidders = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        X509Certificate opening = Pem.readCertificate(Bids.openingPem(id));
        for (String price : prices) {
            Party b = Api.party("BIDDER");
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            // Its bond, as the bank reports it (checked before decryption).
            bonds.pay(id, bidders.size(), b);
            byte[] envelope = new EnvelopeSealer().seal(Bids.zip(b.username(), price), List.of(opening, b.encryptionCertificate()));
            Bids.submit(b, id, 1, envelope, Bids.sign(b, BidStatement.text(code, 1, b.creditCode(), Bids.sha256Hex(envelope), envelope.length)), Map.of())
                    .statusCode(201);
            bidders.add(b);
            envelopes.add(envelope);
        }
        advance.accept(Duration.between(clock.now(), deadline).plusSeconds(1));
        closing.closeIfDue(id);
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + id + "/opening/sign-in").then().statusCode(200);
        }
        host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200).body("stage", equalTo("DECRYPTION"));
        List<Long> bidIds = new ArrayList<>();
        for (int i = 0; i < bidders.size(); i++) {
            Party b = bidders.get(i);
            byte[] cek = new EnvelopeOpener().unwrapContentKey(new ByteArrayInputStream(envelopes.get(i)), b.encryption().getPrivate(),
                    b.encryptionCertificate());
            Number bidId = b.call().body(Map.of("contentKey", Base64.getEncoder().encodeToString(cek)))
                    .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200).body("status", equalTo("DECRYPTED"))
                    .extract().path("bidId");
            bidIds.add(bidId.longValue());
        }
        host.call().post("/api/tenders/" + id + "/opening/read-out").then().statusCode(200);
        host.call().post("/api/tenders/" + id + "/opening/confirmation").then().statusCode(200);
        for (Party b : bidders) {
            b.call().body(Map.of("kind", "CONFIRMED")).post("/api/tenders/" + id + "/opening/lots/1/confirm").then().statusCode(200);
        }
        advance.accept(Duration.ofHours(1));
        host.call().post("/api/tenders/" + id + "/opening/close").then().statusCode(200);
        given().get("/api/tenders/" + id).then().body("status", equalTo("EVALUATION"));
        return new Opened(id, code, host, bidders, bidIds);
    }

    /** A fresh EXPERT account with the given specialty and declared links, set by the operator; returns it with its user id. */
    public record Expert(long userId, Party party) {
    }

    public static Expert expert(String specialty, Long... linkedOrganisations) {
        Party p = Api.party("EXPERT");
        long userId = ((Number) p.call().get("/api/me").then().statusCode(200).extract().path("id")).longValue();
        Api.as(Api.operator()).body(Map.of("specialty", specialty, "linkedOrganisations", List.of(linkedOrganisations)))
                .put("/api/experts/" + userId).then().statusCode(200).body("specialty", equalTo(specialty));
        return new Expert(userId, p);
    }
}
