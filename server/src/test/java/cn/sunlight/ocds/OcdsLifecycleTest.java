package cn.sunlight.ocds;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.OcdsChecks;
import cn.sunlight.support.OcdsSchemas;
import cn.sunlight.support.Openings;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 15 items 1, 3 and 5: the OCDS releases of whole lifecycles — publication, clarification and amendment, the
 * opening, the evaluation's publicity, the award and the contract; a failed opening (流标) and a cancellation — read
 * through the public API, every release, package and record validated against the official OCDS 1.1.5 schemas with
 * the lots, submission terms and bids extensions; and nothing about the bidders in any release before the opening.
 */
@QuarkusTest
class OcdsLifecycleTest {

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    cn.sunlight.auction.service.AuctionClosing auctionClosing;
    @ConfigProperty(name = "sunlight.ocds.ocid-prefix")
    String prefix;

    Duration moved = Duration.ZERO;

    void advance(Duration d) {
        clock.advance(d);
        moved = moved.plus(d);
    }

    @AfterEach
    void moveBack() {
        clock.advance(moved.negated());
        moved = Duration.ZERO;
    }

    @Test
    void tenderToContractPublishesValidReleasesAndNothingAboutBiddersBeforeTheOpening() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        String ocid = prefix + "-" + code;
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        List<Party> bidders = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        String[] prices = {"9100000.00", "9250000.00", "9300000.00"};
        for (String price : prices) {
            Party b = Api.party("BIDDER");
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            Openings.PAY_ALL.pay(id, bidders.size(), b); // its bond, checked before decryption
            envelopes.add(Bids.sealToOpeningAndSelf(id, code, b, Bids.zip(b.username(), price), false));
            bidders.add(b);
        }
        // Changes after the bids came in, still before the opening: a clarification and an amendment.
        host.call().body(Map.of("kind", "CLARIFICATION", "text", "开标地点说明：不见面开标大厅", "affectsPreparation", false))
                .post("/api/tenders/" + id + "/clarifications").then().statusCode(201);
        host.call().body(Map.of("kind", "AMENDMENT", "text", "修改工程量清单第 3 项", "affectsPreparation", true))
                .post("/api/tenders/" + id + "/clarifications").then().statusCode(201);

        // A data user crawls the whole feed now: no bidder's name, credit code or account, no bids, no tenderers.
        List<JsonNode> before = OcdsChecks.crawl(2);
        List<JsonNode> ours = before.stream().filter(r -> r.path("ocid").asText().equals(ocid)).toList();
        assertEquals(List.of("planning,tender", "tenderUpdate", "tenderAmendment"), ours.stream().map(OcdsLifecycleTest::tags).toList());
        for (JsonNode r : before) {
            String text = r.toString();
            for (Party b : bidders) {
                assertFalse(text.contains(b.organisationName()) || text.contains(b.creditCode()) || text.contains(b.username()),
                        "release " + r.path("id").asText() + " names a bidder before the opening");
            }
            if (r.path("ocid").asText().equals(ocid)) {
                assertTrue(r.path("bids").isMissingNode() && r.path("tender").path("tenderers").isMissingNode()
                        && r.path("tender").path("numberOfTenderers").isMissingNode(), "no bids or bidder count before the opening");
            }
        }
        JsonNode published = ours.getFirst();
        assertEquals("works", published.path("tender").path("mainProcurementCategory").asText());
        assertEquals("open", published.path("tender").path("procurementMethod").asText());
        assertEquals("priceOnly", published.path("tender").path("awardCriteria").asText());
        assertEquals("公开招标", published.path("tender").path("procurementMethodDetails").asText());
        assertEquals("open tender", published.path("tender").path("procurementMethodDetails_en").asText());
        assertEquals(2, published.path("tender").path("lots").size());
        assertTrue(published.path("tender").path("submissionTerms").path("depositsGuarantees").asText().contains("100000.00"));
        assertEquals(Set.of("buyer", "procuringEntity"), roles(published, "CN-USCC-" + host.creditCode()));
        assertEquals("CN-USCC", party(published, "CN-USCC-" + host.creditCode()).path("identifier").path("scheme").asText());
        assertEquals(1, ours.get(2).path("tender").path("amendments").size());

        // The opening: after the read-out the bids are public with their prices.
        advance(Duration.between(clock.now(), deadline).plusSeconds(1));
        closing.closeIfDue(id);
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + id + "/opening/sign-in").then().statusCode(200);
        }
        host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200).body("stage", equalTo("DECRYPTION"));
        List<Long> bidIds = new ArrayList<>();
        for (int i = 0; i < bidders.size(); i++) {
            Number bidId = bidders.get(i).call().body(Map.of("contentKey", Bids.contentKey(envelopes.get(i), bidders.get(i))))
                    .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200).extract().path("bidId");
            bidIds.add(bidId.longValue());
        }
        host.call().post("/api/tenders/" + id + "/opening/read-out").then().statusCode(200);
        host.call().post("/api/tenders/" + id + "/opening/confirmation").then().statusCode(200);
        for (Party b : bidders) {
            b.call().body(Map.of("kind", "CONFIRMED")).post("/api/tenders/" + id + "/opening/lots/1/confirm").then().statusCode(200);
        }
        advance(Duration.ofHours(1));
        host.call().post("/api/tenders/" + id + "/opening/close").then().statusCode(200);

        // Evaluation by a drawn committee, publicity, award and contract.
        String specialty = "市政工程-" + System.nanoTime();
        Map<Long, Party> experts = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            Openings.Expert e = Openings.expert(specialty);
            experts.put(e.userId(), e.party());
        }
        List<Number> members = host.call().body(Map.of("specialty", specialty)).post("/api/tenders/" + id + "/committee").then()
                .statusCode(201).extract().path("members.expertId");
        for (Number m : members) {
            for (long bid : bidIds) {
                experts.get(m.longValue()).call().body(Map.of("passed", true, "reason", "资格条件符合"))
                        .post("/api/tenders/" + id + "/evaluation/bids/" + bid + "/qualification").then().statusCode(200);
            }
        }
        experts.get(members.getFirst().longValue()).call().post("/api/tenders/" + id + "/evaluation/conclude").then().statusCode(200);
        host.call().post("/api/tenders/" + id + "/publicity").then().statusCode(200);
        advance(Duration.ofDays(4));
        host.call().post("/api/tenders/" + id + "/award").then().statusCode(200);
        host.call().body(Map.of("amount", "9100000.00", "performanceBond", "900000.00"))
                .post("/api/tenders/" + id + "/award/lots/1/contract").then().statusCode(200);
        given().get("/api/tenders/" + id).then().body("status", equalTo("CONTRACTED"));

        JsonNode record = OcdsChecks.validate(ocid);
        assertEquals(List.of("planning", "tender", "tenderUpdate", "tenderAmendment", "tenderUpdate", "tenderUpdate", "tenderUpdate",
                "award", "contract"), OcdsChecks.tags(record));
        JsonNode readOut = record.path("releases").get(3);
        assertEquals(3, readOut.path("bids").path("details").size(), "the read-out publishes the bids");
        assertEquals(3, readOut.path("tender").path("numberOfTenderers").asInt());
        assertEquals("pending", readOut.path("bids").path("details").get(0).path("status").asText());
        assertEquals(0, readOut.path("bids").path("details").get(0).path("value").path("amount").decimalValue()
                .compareTo(new java.math.BigDecimal("9100000.00")));
        JsonNode compiled = record.path("compiledRelease");
        assertEquals("complete", compiled.path("tender").path("status").asText());
        assertEquals(List.of("compiled"), List.of(compiled.path("tag").get(0).asText()));
        String winner = "CN-USCC-" + bidders.getFirst().creditCode();
        assertEquals(winner, compiled.path("awards").get(0).path("suppliers").get(0).path("id").asText());
        assertEquals("bid-" + bidIds.getFirst(), compiled.path("awards").get(0).path("relatedBids").get(0).asText());
        assertEquals("award-1", compiled.path("contracts").get(0).path("awardID").asText());
        assertEquals(Set.of("tenderer", "supplier"), roles(compiled, winner));
        assertEquals(Set.of("tenderer"), roles(compiled, "CN-USCC-" + bidders.get(1).creditCode()));
        for (JsonNode d : compiled.path("bids").path("details")) {
            assertEquals("valid", d.path("status").asText(), "qualified bids are valid once the candidates are published");
        }
        // The releases are immutable: the database refuses to change one.
        assertThrows(Exception.class, () -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery(
                        "update ocds_release set body = '{}' where ocid = ?1").setParameter(1, ocid).executeUpdate()));
    }

    @Test
    void aFailedOpeningAndACancellationArePublishedAsSuch() throws Exception {
        Party host = Api.party("TENDERER");
        long failed = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + failed + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + failed).then().extract().path("schedule.bidDeadline"));
        List<Party> bidders = List.of(Api.party("BIDDER"), Api.party("BIDDER"));
        for (Party b : bidders) {
            b.call().post("/api/tenders/" + failed + "/registrations").then().statusCode(201);
            Bids.sealToOpeningAndSelf(failed, code, b, Bids.zip(b.username(), "9000000.00"), false);
        }
        long cancelled = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String cancelledCode = host.call().post("/api/tenders/" + cancelled + "/publish").then().statusCode(200).extract().path("code");
        host.call().body(Map.of("reason", "项目资金未落实")).post("/api/tenders/" + cancelled + "/cancel").then().statusCode(200);

        advance(Duration.between(clock.now(), deadline).plusSeconds(1));
        closing.closeIfDue(failed);
        host.call().post("/api/tenders/" + failed + "/opening/start").then().statusCode(200).body("stage", equalTo("FAILED"));

        JsonNode record = OcdsChecks.validate(prefix + "-" + code);
        assertEquals(List.of("planning", "tender", "tenderUpdate"), OcdsChecks.tags(record));
        JsonNode last = record.path("releases").get(1);
        assertEquals("unsuccessful", last.path("tender").path("status").asText());
        JsonNode stat = last.path("bids").path("statistics").get(0);
        assertEquals("bids", stat.path("measure").asText());
        assertEquals(2, stat.path("value").asInt(), "the number of bids is in the public opening record");
        assertTrue(last.path("bids").path("details").isMissingNode(), "no bid was opened: no names, no prices");
        for (Party b : bidders) {
            assertFalse(record.toString().contains(b.creditCode()));
        }

        JsonNode c = OcdsChecks.validate(prefix + "-" + cancelledCode);
        assertEquals(List.of("planning", "tender", "tenderCancellation"), OcdsChecks.tags(c));
        assertEquals("cancelled", c.path("compiledRelease").path("tender").path("status").asText());
        assertEquals("goods", c.path("compiledRelease").path("tender").path("mainProcurementCategory").asText());

        // The whole feed, as it stands after every test of this class, is valid page by page and release by release.
        for (JsonNode r : OcdsChecks.crawl(50)) {
            assertEquals(Set.of(), OcdsSchemas.get().release(r), r.path("id").asText());
        }
    }

    @Test
    void anOnlineBiddingPublishesItsRankingOnlyAtTheClose() throws Exception {
        Party b1 = Api.party("BIDDER");
        Party b2 = Api.party("BIDDER");
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        String ocid = prefix + "-" + code;
        for (Party b : List.of(b1, b2)) {
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        Instant now = clock.now();
        Instant end = now.plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        List<Long> auctions = new ArrayList<>();
        for (int lot = 1; lot <= 2; lot++) {
            Map<String, Object> settings = new HashMap<>(Map.of("startsAt", now.minusSeconds(1).toString(), "endsAt", end.toString(),
                    "maxExtensions", 0));
            if (lot == 2) {
                settings.put("startPrice", "4000000.00");
                settings.put("minDecrementAmount", "1000.00");
            }
            auctions.add(((Number) host.call().body(settings).put("/api/tenders/" + id + "/auction?lot=" + lot).then().statusCode(200)
                    .extract().path("auctionId")).longValue());
        }
        int port = io.restassured.RestAssured.port;
        assertEquals(201, cn.sunlight.auction.AuctionClient.bid(port, b1, id, code, 1, auctions.get(0), 1, "9400000.00").status());
        assertEquals(201, cn.sunlight.auction.AuctionClient.bid(port, b2, id, code, 1, auctions.get(0), 1, "9300000.00").status());
        assertEquals(201, cn.sunlight.auction.AuctionClient.bid(port, b2, id, code, 2, auctions.get(1), 1, "3990000.00").status());
        for (JsonNode r : OcdsChecks.crawl(100)) {
            for (Party b : List.of(b1, b2)) {
                assertFalse(r.toString().contains(b.creditCode()) || r.toString().contains(b.organisationName()), "no bidder before the close");
            }
        }
        advance(Duration.between(clock.now(), end).plusSeconds(2));
        for (long a : auctions) {
            auctionClosing.closeIfDue(a);
        }
        JsonNode record = OcdsChecks.validate(ocid);
        assertEquals(List.of("planning", "tender", "tenderUpdate"), OcdsChecks.tags(record));
        JsonNode details = record.path("compiledRelease").path("bids").path("details");
        assertEquals(3, details.size());
        JsonNode best = null;
        for (JsonNode d : details) {
            if (d.path("relatedLots").get(0).asText().equals("1") && d.path("rank").asInt() == 1) {
                best = d;
            }
        }
        assertNotNull(best, "lot 1 has a first-ranked quote");
        assertEquals("CN-USCC-" + b2.creditCode(), best.path("tenderers").get(0).path("id").asText());
        assertEquals(0, best.path("value").path("amount").decimalValue().compareTo(new java.math.BigDecimal("9300000.00")));
        assertEquals("priceOnly", record.path("compiledRelease").path("tender").path("awardCriteria").asText());
    }

    static String tags(JsonNode r) {
        List<String> t = new ArrayList<>();
        r.path("tag").forEach(x -> t.add(x.asText()));
        return String.join(",", t);
    }

    static JsonNode party(JsonNode release, String id) {
        for (JsonNode p : release.path("parties")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        return fail("no party " + id);
    }

    static Set<String> roles(JsonNode release, String id) {
        Set<String> roles = new java.util.TreeSet<>();
        party(release, id).path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
