package cn.sunlight.bond;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Guarantors;
import cn.sunlight.support.Openings;
import cn.sunlight.support.Openings.Opened;
import cn.sunlight.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 16 item 1, as a trading centre runs it: bank statement lines imported twice, a guarantee with a wrong amount
 * refused, a bidder without a bond handled at the opening as the rule says, the collusion signal on the bank's payer
 * accounts, refunds with interest from the value dates and the refund file for the bank.
 */
@QuarkusTest
class BondLedgerTest {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;

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

    static String guarantee(String no, String tenderCode, int lot, String bidder, String amount, LocalDate from, LocalDate until) {
        return "{\"guaranteeNo\":\"" + no + "\",\"guarantor\":\"阳光融资担保有限公司\",\"tenderCode\":\"" + tenderCode + "\",\"lot\":" + lot
                + ",\"bidderCreditCode\":\"" + bidder + "\",\"amount\":\"" + amount + "\",\"validFrom\":\"" + from
                + "\",\"validUntil\":\"" + until + "\"}";
    }

    static io.restassured.response.ValidatableResponse upload(Party p, long id, byte[] document) {
        return given().header("Authorization", "Bearer " + p.token()).contentType("application/pkcs7-mime").body(document)
                .post("/api/tenders/" + id + "/lots/1/bond-guarantees").then();
    }

    @Test
    void bondsFromTheBankAndGuaranteesAreCheckedBeforeDecryptionAndRefundedWithInterest() throws Exception {
        Guarantors guarantor = new Guarantors("Sunlight Test Guarantor " + System.nanoTime());
        Guarantors stranger = new Guarantors("Unlisted Guarantor " + System.nanoTime());
        String operator = Api.operator();
        String payerA = "6222" + System.nanoTime() % 1_000_000_000L;
        List<String> unmatchedSub = new ArrayList<>();
        String[] csvHolder = new String[1];

        Openings.BondPayer payer = (id, i, b) -> {
            String code = given().get("/api/tenders/" + id).then().extract().path("code");
            LocalDate deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"))
                    .atZone(BEIJING).toLocalDate();
            String sub = Bids.bondAccount(b, id, 1);
            assertTrue(sub.matches("3201[0-9]{15}"), sub);
            switch (i) {
                case 0 -> {
                    // A: paid in full two days before the deadline, in a CSV statement with a line for a sub-account
                    // nobody was issued; imported twice.
                    String stray = "3201" + "9".repeat(15);
                    unmatchedSub.add(stray);
                    String ref = "CSV" + System.nanoTime();
                    String csv = "sub_account,bank_reference,payer_account,payer_name,amount,value_date\n"
                            + sub + "," + ref + "-1," + payerA + ",\"" + b.organisationName() + "\",100000.00," + deadline.minusDays(2) + "\n"
                            + stray + "," + ref + "-2,6222000011112222,某某贸易有限公司,5000.00," + deadline.minusDays(1) + "\n";
                    csvHolder[0] = csv;
                    given().header("Authorization", "Bearer " + operator).contentType("text/csv").body(csv).post("/api/bond/statements")
                            .then().statusCode(200).body("lines", equalTo(2)).body("added", equalTo(2)).body("matched", equalTo(1))
                            .body("unmatched.size()", equalTo(1)).body("unmatched[0].subAccount", equalTo(stray));
                    given().header("Authorization", "Bearer " + operator).contentType("text/csv").body(csv).post("/api/bond/statements")
                            .then().statusCode(200).body("added", equalTo(0)).body("duplicates", equalTo(2));
                    // A bidder cannot import; a bad line refuses the whole statement, naming the line and field.
                    given().header("Authorization", "Bearer " + b.token()).contentType("text/csv").body(csv).post("/api/bond/statements")
                            .then().statusCode(403);
                    given().header("Authorization", "Bearer " + operator).contentType("text/csv")
                            .body("sub_account,bank_reference,payer_account,payer_name,amount,value_date\n" + sub + ",X1," + payerA
                                    + ",a,1.00," + deadline + "\n" + sub + ",X2," + payerA + ",a,12abc," + deadline + "\n")
                            .post("/api/bond/statements").then().statusCode(422)
                            .contentType(containsString("application/problem+json"))
                            .body("violations[0].field", equalTo("lines[1].amount"));
                    given().header("Authorization", "Bearer " + operator).contentType("text/csv").body("a,b\n1,2\n")
                            .post("/api/bond/statements").then().statusCode(422).body("violations[0].field", equalTo("header"));
                }
                // B: only 60,000 of 100,000, and from A's account.
                case 1 -> Bids.payBond(b, id, 1, payerA, "60000.00", deadline.minusDays(1));
                case 2 -> {
                    // C: an electronic guarantee. Refused while its guarantor is not trusted, with a wrong amount, too
                    // short, for another bidder, or altered; accepted when right.
                    LocalDate until = deadline.plusDays(90);
                    byte[] good = guarantor.sign(guarantee("BH-1", code, 1, b.creditCode(), "100000.00", deadline.minusDays(3), until));
                    upload(b, id, good).statusCode(422).body("violations[0].field", equalTo("issuer"))
                            .body("violations[0].rule", equalTo("guarantee-trust-list"));
                    Api.as(b.token()).body(Map.of("certificate", guarantor.caPem())).post("/api/bond/guarantors").then().statusCode(403);
                    Api.as(operator).body(Map.of("certificate", guarantor.caPem())).post("/api/bond/guarantors").then().statusCode(201);
                    upload(b, id, stranger.sign(guarantee("BH-0", code, 1, b.creditCode(), "100000.00", deadline, until)))
                            .statusCode(422).body("violations[0].field", equalTo("issuer"));
                    upload(b, id, guarantor.sign(guarantee("BH-2", code, 1, b.creditCode(), "50000.00", deadline, until)))
                            .statusCode(422).contentType(containsString("application/problem+json"))
                            .body("violations[0].field", equalTo("amount")).body("violations[0].rule", equalTo("bid-bond-by-deadline"))
                            .body("violations[0].citation", containsString("第二十六条"));
                    upload(b, id, guarantor.sign(guarantee("BH-3", code, 1, b.creditCode(), "100000.00", deadline, until.minusDays(10))))
                            .statusCode(422).body("violations[0].field", equalTo("validUntil")).body("violations[0].rule", equalTo("bid-validity"));
                    upload(b, id, guarantor.sign(guarantee("BH-4", code, 1, Api.creditCode(), "100000.00", deadline, until)))
                            .statusCode(422).body("violations[0].field", equalTo("bidderCreditCode"));
                    upload(b, id, guarantor.sign(guarantee("BH-5", "OTHER-1", 1, b.creditCode(), "100000.00", deadline, until)))
                            .statusCode(422).body("violations[0].field", equalTo("tenderCode"));
                    byte[] altered = good.clone();
                    String s = new String(altered, java.nio.charset.StandardCharsets.ISO_8859_1);
                    int at = s.indexOf("100000.00");
                    altered[at] = '9';
                    upload(b, id, altered).statusCode(422).body("violations[0].field", equalTo("document"))
                            .body("violations[0].rule", equalTo("guarantee-signature"));
                    upload(b, id, "not cms".getBytes()).statusCode(422).body("violations[0].rule", equalTo("guarantee-format"));
                    upload(b, id, good).statusCode(201).body("amount", equalTo(100000.00f)).body("guaranteeNo", equalTo("BH-1"));
                    upload(b, id, good).statusCode(409);
                    b.call().get("/api/tenders/" + id + "/bond-accounts/mine").then().statusCode(200)
                            .body("[0].guarantees.size()", equalTo(1)).body("[0].payments.size()", equalTo(0));
                }
                default -> {
                    // D: no bond at all.
                }
            }
        };
        Opened t = Openings.toEvaluation(clock, closing, this::advance, "ENGINEERING", "OPEN", Map.of(), payer,
                "9100000.00", "9000000.00", "9200000.00", "8900000.00");
        List<Party> b = t.bidders();
        Party supervisor = Api.party("SUPERVISOR");

        // Unmatched lines stay listed for the operator.
        Api.as(operator).get("/api/bond/statements/unmatched").then().statusCode(200)
                .body("subAccount", hasItem(unmatchedSub.getFirst()));
        b.get(0).call().get("/api/bond/statements/unmatched").then().statusCode(403);

        // The check before decryption, per bid; in the ledger, in the log and in the opening record.
        var ledger = t.host().call().get("/api/tenders/" + t.id() + "/bond-ledger").then().statusCode(200);
        ledger.body("checks.size()", equalTo(4))
                .body("checks.find { it.organisationId == " + b.get(0).organisationId() + " }.outcome", equalTo("PAID"))
                .body("checks.find { it.organisationId == " + b.get(1).organisationId() + " }.outcome", equalTo("MISSING"))
                .body("checks.find { it.organisationId == " + b.get(1).organisationId() + " }.paid", equalTo(60000.00f))
                .body("checks.find { it.organisationId == " + b.get(2).organisationId() + " }.outcome", equalTo("GUARANTEED"))
                .body("checks.find { it.organisationId == " + b.get(3).organisationId() + " }.outcome", equalTo("MISSING"))
                .body("payments.size()", equalTo(2));
        b.get(0).call().get("/api/tenders/" + t.id() + "/bond-ledger").then().statusCode(403);
        byte[] record = t.host().call().get("/api/tenders/" + t.id() + "/opening/record.pdf").then().statusCode(200).extract().asByteArray();
        String recordText = pdfText(record);
        assertTrue(recordText.contains("投标保证金") && recordText.contains("未缴纳") && recordText.contains("保函"), recordText);

        // Same payer account for A and B, as the bank reported it.
        supervisor.call().get("/api/supervision/alerts").then().statusCode(200)
                .body("find { it.tenderId == " + t.id() + " && it.kind == 'collusion-bond-account' }.evidence.sharedValue", equalTo(payerA))
                .body("find { it.tenderId == " + t.id() + " && it.kind == 'collusion-bond-account' }.evidence.bidders",
                        containsInAnyOrder(b.get(0).organisationName(), b.get(1).organisationName()));

        // The committee: B and D are rejected for the missing bond whatever their votes, citing the rule.
        String specialty = "保证金-" + System.nanoTime();
        Map<Long, Party> experts = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            Openings.Expert e = Openings.expert(specialty);
            experts.put(e.userId(), e.party());
        }
        List<Number> members = t.host().call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee")
                .then().statusCode(201).extract().path("members.expertId");
        List<Party> sitting = members.stream().map(m -> experts.get(m.longValue())).toList();
        // The committee sees each bid's bond check beside the bid.
        sitting.getFirst().call().get("/api/tenders/" + t.id() + "/evaluation/bids").then().statusCode(200)
                .body("find { it.bidId == " + t.bidIds().get(3) + " }.bond", equalTo("MISSING"))
                .body("find { it.bidId == " + t.bidIds().get(2) + " }.bond", equalTo("GUARANTEED"));
        for (Party e : sitting) {
            for (long bid : t.bidIds()) {
                e.call().body(Map.of("passed", true, "reason", "资格条件符合")).post("/api/tenders/" + t.id() + "/evaluation/bids/" + bid
                        + "/qualification").then().statusCode(200);
            }
        }
        sitting.getFirst().call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(200)
                .body("find { it.bidId == " + t.bidIds().get(1) + " }.qualified", equalTo(false))
                .body("find { it.bidId == " + t.bidIds().get(1) + " }.reasons", containsString("第五十一条"))
                .body("find { it.bidId == " + t.bidIds().get(3) + " }.qualified", equalTo(false))
                .body("find { it.bidId == " + t.bidIds().get(3) + " }.reasons", containsString("投标保证金"))
                .body("find { it.bidId == " + t.bidIds().get(0) + " }.rank", equalTo(1))
                .body("find { it.bidId == " + t.bidIds().get(2) + " }.rank", equalTo(2));

        // Award and contract; then the cash bonds (A's and B's) are due, the guarantee is not money held.
        t.host().call().post("/api/tenders/" + t.id() + "/publicity").then().statusCode(200);
        advance(Duration.ofDays(4));
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(200).body("[0].winnerId", equalTo((int) b.get(0).organisationId()));
        Api.as(operator).get("/api/tenders/" + t.id() + "/bonds/refund-file.csv?date=2030-01-01").then().statusCode(409);
        advance(Duration.ofDays(10));
        t.host().call().body(Map.of("amount", "9100000.00")).post("/api/tenders/" + t.id() + "/award/lots/1/contract").then().statusCode(200);
        t.host().call().get("/api/tenders/" + t.id() + "/bonds").then().statusCode(200).body("size()", equalTo(2))
                .body("find { it.organisationId == " + b.get(1).organisationId() + " }.amount", equalTo(60000.00f));

        LocalDate refundDate = clock.now().atZone(BEIJING).toLocalDate().plusDays(1);
        String file = given().header("Authorization", "Bearer " + operator).queryParam("date", refundDate.toString())
                .get("/api/tenders/" + t.id() + "/bonds/refund-file.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        t.host().call().queryParam("date", refundDate.toString()).get("/api/tenders/" + t.id() + "/bonds/refund-file.csv").then().statusCode(403);
        List<String> lines = file.lines().toList();
        assertEquals("tender_code,lot,payee_account,payee_name,principal,interest,total,value_date,refund_date,sub_account,original_reference,memo",
                lines.getFirst());
        assertEquals(3, lines.size(), file);
        String lineA = lines.stream().filter(l -> l.contains("100000.00")).findFirst().orElseThrow();
        assertTrue(lineA.contains(payerA), lineA);
        // Interest from A's own value date (two days before the deadline) at 0.35 % on a 360-day year.
        LocalDate valueA = LocalDate.parse(lineA.split(",")[7]);
        long days = ChronoUnit.DAYS.between(valueA, refundDate);
        BigDecimal expected = new BigDecimal("100000.00").multiply(new BigDecimal("0.35")).multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(36000), 2, RoundingMode.HALF_UP);
        assertEquals(expected.toPlainString(), lineA.split(",")[5], lineA);
        assertTrue(lines.stream().anyMatch(l -> l.contains("60000.00") && l.contains(payerA)), file);

        // Recording the refund uses the same per-payment interest.
        var refunded = t.host().call().post("/api/tenders/" + t.id() + "/bonds/" + b.get(0).organisationId() + "/refund").then()
                .statusCode(200).extract();
        long heldDays = ChronoUnit.DAYS.between(valueA, Instant.parse(refunded.path("refundedAt")).atZone(BEIJING).toLocalDate());
        assertEquals(0, new BigDecimal("100000.00").multiply(new BigDecimal("0.35")).multiply(BigDecimal.valueOf(heldDays))
                .divide(BigDecimal.valueOf(36000), 2, RoundingMode.HALF_UP).compareTo(new BigDecimal(refunded.path("interest").toString())));
        assertEquals(valueA.atStartOfDay(BEIJING).toInstant(), Instant.parse(refunded.path("paidAt")));
    }

    @Test
    void whoPaidABondIsConfidentialBeforeTheOpening() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party bidder = Api.party("BIDDER");
        bidder.call().get("/api/tenders/" + id + "/bond-accounts/mine").then().statusCode(403);
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        String payer = "6222" + System.nanoTime() % 1_000_000_000L;
        String sub = Bids.bondAccount(bidder, id, 1);
        assertEquals(sub, Bids.bondAccount(bidder, id, 1), "one sub-account per bidder and lot");
        Party other = Api.party("BIDDER");
        other.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        assertNotEquals(sub, Bids.bondAccount(other, id, 1));
        Bids.payBond(bidder, id, 1, payer, "100000.00", null);
        host.call().get("/api/tenders/" + id + "/bond-ledger").then().statusCode(409);
        Api.party("SUPERVISOR").call().get("/api/tenders/" + id + "/bond-ledger").then().statusCode(409);
        String publicLog = given().get("/api/log/export").then().statusCode(200).extract().asString();
        assertFalse(publicLog.contains(sub), "the sub-account is not in the public log");
        assertFalse(publicLog.contains(bidder.creditCode()), "nor who paid");
        assertFalse(given().get("/api/tenders/" + id).then().extract().asString().contains(sub));
    }

    static String pdfText(byte[] pdf) throws Exception {
        Path file = Files.createTempFile("bond", ".pdf");
        Files.write(file, pdf);
        return Shell.ok(null, "pdftotext", "-enc", "UTF-8", file.toString(), "-").replaceAll("\\s+", "");
    }
}
