package cn.sunlight.credit;

import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Openings;
import cn.sunlight.support.Openings.Opened;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 17 item 3: credit records and the blacklist, tried as supervisors, operators and suppliers would. */
@QuarkusTest
class CreditRecordsTest {

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

    LocalDate today() {
        return clock.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
    }

    Map<String, Object> debarment(Party who, String decisionNo, String scope, String basis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("creditCode", who.creditCode());
        m.put("organisationName", who.organisationName());
        m.put("kind", "DEBARMENT");
        m.put("decisionNo", decisionNo);
        m.put("decisionDate", today().minusDays(3).toString());
        m.put("authority", "阳光市财政局");
        m.put("legalBasis", basis);
        m.put("summary", "提供虚假材料谋取中标");
        m.put("validFrom", today().toString());
        m.put("validUntil", today().plusYears(1).toString());
        m.put("scope", List.of(scope));
        return m;
    }

    long published(Party host, String tradeType) {
        long id = Api.draft(host, Api.tenderBody(tradeType, "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        return id;
    }

    @Test
    void debarredSupplierIsRefusedAtRegistrationAndSubmissionWithTheDecisionCitedAndSupervisorsAreAlerted() throws Exception {
        Party supervisor = Api.party("SUPERVISOR");
        String operator = Api.operator();
        Party host = Api.party("TENDERER");
        Party listed = Api.party("BIDDER");
        Party later = Api.party("BIDDER");
        String decision = "阳财采罚〔2026〕" + System.nanoTime() % 100000 + " 号";

        // Only the supervision authority and the trading centre keep the records.
        listed.call().body(debarment(listed, "x", "PROCUREMENT", "y")).post("/api/credit/records").then().statusCode(403);
        host.call().get("/api/credit/records").then().statusCode(403);
        Map<String, Object> tooLong = debarment(listed, decision, "PROCUREMENT", "《政府采购法》第七十七条");
        tooLong.put("validUntil", today().plusYears(4).toString());
        supervisor.call().body(tooLong).post("/api/credit/records").then().statusCode(422)
                .contentType(containsString("problem+json"))
                .body("violations[0].field", equalTo("validUntil")).body("violations[0].rule", equalTo("debarment-at-most-3-years"));
        Map<String, Object> badCode = debarment(listed, decision, "PROCUREMENT", "《政府采购法》第七十七条");
        badCode.put("creditCode", "91440300ABCDEFGHI0");
        supervisor.call().body(badCode).post("/api/credit/records").then().statusCode(422)
                .body("violations[0].field", equalTo("creditCode"));
        long record = ((Number) supervisor.call().body(debarment(listed, decision, "PROCUREMENT",
                        "《政府采购法》第七十七条；《政府采购法实施条例》第七十一条")).post("/api/credit/records").then().statusCode(201)
                .header("Location", containsString("/api/credit/records/")).body("inForce", equalTo(true))
                .body("scope", contains("PROCUREMENT")).extract().path("id")).longValue();

        // Registration for a procurement tender: refused, the decision cited; an engineering tender is outside the scope.
        long procurement = published(host, "PROCUREMENT");
        long engineering = published(host, "ENGINEERING");
        listed.call().post("/api/tenders/" + procurement + "/registrations").then().statusCode(403)
                .contentType(containsString("problem+json")).body("type", containsString("debarred"))
                .body("title", containsString(decision))
                .body("violations[0].rule", equalTo("credit-debarment"))
                .body("violations[0].citation", containsString("《政府采购法》第七十七条"))
                .body("violations[0].citation", containsString(decision));
        listed.call().header("Accept-Language", "en").post("/api/tenders/" + procurement + "/registrations").then().statusCode(403)
                .body("title", containsString("debarred"));
        listed.call().post("/api/tenders/" + engineering + "/registrations").then().statusCode(201);

        // The supervisors' desk: a red alert naming the organisation and the decision.
        supervisor.call().get("/api/supervision/alerts").then().statusCode(200)
                .body("find { it.tenderId == " + procurement + " && it.kind == 'debarred-attempt' }.level", equalTo("RED"))
                .body("find { it.tenderId == " + procurement + " && it.kind == 'debarred-attempt' }.message", containsString(decision));

        // The evidence is stored with the tender: supervisors now, the host only from the opening.
        supervisor.call().get("/api/tenders/" + procurement + "/credit-checks").then().statusCode(200)
                .body("size()", equalTo(2)).body("[0].result", equalTo("REFUSED")).body("[0].stage", equalTo("REGISTRATION"))
                .body("[0].decisiveRecordId", equalTo((int) record)).body("[0].checkedBy", equalTo(listed.username()))
                .body("[0].consulted[0].decisionNo", equalTo(decision)).body("[0].consulted[0].bars", equalTo(true));
        supervisor.call().get("/api/tenders/" + engineering + "/credit-checks").then().statusCode(200)
                .body("[0].result", equalTo("CLEAR")).body("[0].consulted[0].bars", equalTo(false));
        host.call().get("/api/tenders/" + procurement + "/credit-checks").then().statusCode(409);
        later.call().get("/api/tenders/" + procurement + "/credit-checks").then().statusCode(403);

        // Debarred after registering: the bid is refused before its body is read.
        later.call().post("/api/tenders/" + procurement + "/registrations").then().statusCode(201);
        Map<String, Object> imported = debarment(later, "阳财采罚〔2026〕" + (System.nanoTime() % 100000 + 1) + " 号", "PROCUREMENT",
                "《政府采购法》第七十七条");
        imported.put("sourceRef", "CC-" + System.nanoTime());
        given().header("Authorization", "Bearer " + operator).contentType("application/json")
                .body(Map.of("source", "CREDIT_CHINA", "records", List.of(imported))).post("/api/credit/import").then().statusCode(200)
                .body("created", equalTo(1));
        String code = given().get("/api/tenders/" + procurement).then().extract().path("code");
        byte[] envelope = new EnvelopeSealer().seal(Bids.zip(later.username(), "100.00"),
                List.of(Pem.readCertificate(Bids.openingPem(procurement)), later.encryptionCertificate()));
        Bids.submit(later, procurement, 1, envelope, Bids.sign(later, Bids.statement(later, code, 1, envelope)), Map.of())
                .statusCode(403).body("type", containsString("debarred")).body("violations[0].citation", containsString((String) imported.get("decisionNo")));
        supervisor.call().get("/api/tenders/" + procurement + "/credit-checks").then().statusCode(200)
                .body("[0].stage", equalTo("SUBMISSION")).body("[0].result", equalTo("REFUSED"));

        // Lifted (the decision annulled on review): the supplier may take part again; the record stays.
        supervisor.call().body(Map.of()).post("/api/credit/records/" + record + "/lift").then().statusCode(422)
                .body("violations[0].field", containsString("reason"));
        supervisor.call().body(Map.of("reason", "行政复议撤销原处罚决定")).post("/api/credit/records/" + record + "/lift").then()
                .statusCode(200).body("inForce", equalTo(false)).body("liftedAt", notNullValue());
        supervisor.call().body(Map.of("reason", "again")).post("/api/credit/records/" + record + "/lift").then().statusCode(409);
        listed.call().post("/api/tenders/" + procurement + "/registrations").then().statusCode(201);
        supervisor.call().get("/api/tenders/" + procurement + "/credit-checks").then()
                .body("[0].result", equalTo("CLEAR")).body("[0].consulted[0].lifted", equalTo(true));

        // Every change of a record is in the audit log.
        supervisor.call().get("/api/credit/records/" + record).then().statusCode(200).body("liftReason", equalTo("行政复议撤销原处罚决定"));
    }

    @Test
    void importIsIdempotentInJsonAndCsvAndListsArePaged() {
        String operator = Api.operator();
        Party supplier = Api.party("BIDDER");
        String ref = "CC-" + System.nanoTime();
        Map<String, Object> conduct = new LinkedHashMap<>();
        conduct.put("sourceRef", ref + "-1");
        conduct.put("creditCode", supplier.creditCode());
        conduct.put("organisationName", supplier.organisationName());
        conduct.put("kind", "CONDUCT");
        conduct.put("decisionNo", "阳建罚〔2025〕12 号");
        conduct.put("decisionDate", "2025-06-01");
        conduct.put("authority", "阳光市住房和城乡建设局");
        conduct.put("summary", "施工现场安全管理不到位，罚款");
        Map<String, Object> debarred = debarment(supplier, "阳发改罚〔2026〕3 号", "ENGINEERING", "《招标投标法》第五十四条");
        debarred.put("sourceRef", ref + "-2");
        Map<String, Object> body = Map.of("source", "CREDIT_CHINA", "records", List.of(conduct, debarred));
        given().header("Authorization", "Bearer " + operator).contentType("application/json").body(body)
                .post("/api/credit/import").then().statusCode(200).body("created", equalTo(2)).body("unchanged", equalTo(0));
        given().header("Authorization", "Bearer " + operator).contentType("application/json").body(body)
                .post("/api/credit/import").then().statusCode(200).body("created", equalTo(0)).body("unchanged", equalTo(2));

        // The same records as CSV, one of them changed: one update, one unchanged.
        String csv = "sourceRef,creditCode,organisationName,kind,decisionNo,decisionDate,authority,legalBasis,validFrom,validUntil,scope,summary\n"
                + ref + "-1," + supplier.creditCode() + "," + supplier.organisationName() + ",CONDUCT,阳建罚〔2025〕12 号,2025-06-01,"
                + "阳光市住房和城乡建设局,,,,,\"施工现场安全管理不到位，罚款（已整改）\"\n"
                + ref + "-2," + supplier.creditCode() + "," + supplier.organisationName() + ",DEBARMENT,阳发改罚〔2026〕3 号,"
                + today().minusDays(3) + ",阳光市财政局,《招标投标法》第五十四条," + today() + "," + today().plusYears(1)
                + ",ENGINEERING,提供虚假材料谋取中标\n";
        given().header("Authorization", "Bearer " + operator).contentType("text/csv; charset=UTF-8").body(csv)
                .post("/api/credit/import?source=CREDIT_CHINA").then().statusCode(200)
                .body("updated", equalTo(1)).body("unchanged", equalTo(1)).body("created", equalTo(0));
        // A bad row refuses the whole import, naming the row and field.
        String bad = csv.replace(ref + "-2," + supplier.creditCode(), ref + "-3,91440300ABCDEFGHI0");
        given().header("Authorization", "Bearer " + operator).contentType("text/csv; charset=UTF-8").body(bad)
                .post("/api/credit/import?source=CREDIT_CHINA").then().statusCode(422)
                .contentType(containsString("problem+json")).body("violations[0].field", equalTo("records[1].creditCode"));
        given().header("Authorization", "Bearer " + operator).contentType("text/csv; charset=UTF-8").body("who,what\n1,2\n")
                .post("/api/credit/import?source=CREDIT_CHINA").then().statusCode(422).body("violations[0].field", equalTo("header"));
        given().header("Authorization", "Bearer " + operator).contentType("text/csv; charset=UTF-8").body(csv)
                .post("/api/credit/import?source=PLATFORM").then().statusCode(422).body("violations[0].field", equalTo("source"));
        supplier.call().contentType("text/csv; charset=UTF-8").body(csv).post("/api/credit/import?source=CREDIT_CHINA").then().statusCode(403);

        // Paged list of one organisation's records.
        ExtractableResponse<?> first = given().header("Authorization", "Bearer " + operator)
                .get("/api/credit/records?creditCode=" + supplier.creditCode() + "&limit=1").then().statusCode(200)
                .body("size()", equalTo(1)).header("X-Next-Cursor", notNullValue()).extract();
        String next = first.header("X-Next-Cursor");
        given().header("Authorization", "Bearer " + operator)
                .get("/api/credit/records?creditCode=" + supplier.creditCode() + "&limit=1&cursor=" + next).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", not(equalTo(first.path("[0].id"))));
        given().header("Authorization", "Bearer " + operator).get("/api/credit/records?kind=NOPE").then().statusCode(400)
                .body("violations[0].field", equalTo("kind"));
        given().header("Authorization", "Bearer " + operator).get("/api/credit/records?cursor=%%%").then().statusCode(400);
        given().header("Authorization", "Bearer " + operator).get("/api/credit/records?creditCode=" + supplier.creditCode() + "&kind=CONDUCT")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].summary", containsString("已整改"));
    }

    @Test
    void aDebarredWinnerIsNotAwardedAndTheHostSeesTheEvidenceAfterTheOpening() throws Exception {
        String specialty = "市政工程-" + System.nanoTime();
        Opened t = Openings.toEvaluation(clock, closing, this::advance, "ENGINEERING", "OPEN", Map.of(),
                "9100000.00", "9250000.00", "9300000.00");
        List<Party> sitting = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sitting.add(Openings.expert(specialty).party());
        }
        t.host().call().body(Map.of("specialty", specialty)).post("/api/tenders/" + t.id() + "/committee").then().statusCode(201);
        for (Party e : sitting) {
            for (long bid : t.bidIds()) {
                e.call().body(Map.of("passed", true, "reason", "资格条件符合"))
                        .post("/api/tenders/" + t.id() + "/evaluation/bids/" + bid + "/qualification").then().statusCode(200);
            }
        }
        sitting.getFirst().call().post("/api/tenders/" + t.id() + "/evaluation/conclude").then().statusCode(200);
        t.host().call().post("/api/tenders/" + t.id() + "/publicity").then().statusCode(200);
        advance(Duration.ofDays(4));

        // The first-ranked candidate is debarred from engineering tenders after it bid (招标投标法 Art. 54).
        Party winner = t.bidders().getFirst();
        Party supervisor = Api.party("SUPERVISOR");
        String decision = "阳发改罚〔2026〕" + System.nanoTime() % 100000 + " 号";
        long record = ((Number) supervisor.call().body(debarment(winner, decision, "ENGINEERING", "《招标投标法》第五十四条"))
                .post("/api/credit/records").then().statusCode(201).extract().path("id")).longValue();
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(422)
                .contentType(containsString("problem+json")).body("type", containsString("winner-debarred"))
                .body("violations[0].field", equalTo("lots[1].winner")).body("violations[0].citation", containsString(decision));
        given().get("/api/tenders/" + t.id()).then().body("status", equalTo("PUBLICITY"));
        // After the opening the host reads the checks: registration, submission and the refused award.
        t.host().call().get("/api/tenders/" + t.id() + "/credit-checks?limit=200").then().statusCode(200)
                .body("[0].stage", equalTo("AWARD")).body("[0].result", equalTo("REFUSED"))
                .body("findAll { it.stage == 'REGISTRATION' }.size()", equalTo(3))
                .body("findAll { it.stage == 'SUBMISSION' }.size()", equalTo(3));
        supervisor.call().get("/api/supervision/alerts").then()
                .body("find { it.tenderId == " + t.id() + " && it.kind == 'debarred-attempt' }.evidence.stage", equalTo("AWARD"));

        supervisor.call().body(Map.of("reason", "决定被人民法院判决撤销")).post("/api/credit/records/" + record + "/lift").then().statusCode(200);
        t.host().call().post("/api/tenders/" + t.id() + "/award").then().statusCode(200)
                .body("[0].winnerId", equalTo((int) winner.organisationId()));
    }
}
