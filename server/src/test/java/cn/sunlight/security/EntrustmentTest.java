package cn.sunlight.security;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An agent acts only for the tendering units that entrusted it (委托代理, 招标投标法 Art. 12-13, 政府采购法 Art. 19):
 * without an entrustment in force it can neither open a project in a unit's name nor act on the unit's tenders; the
 * scope and period bind; a revocation stops it at its next request; grants and revocations are audited and
 * supervisors see them.
 */
@QuarkusTest
class EntrustmentTest {

    @Inject
    AuditTrail audit;

    @Inject
    PlatformClock clock;

    private static long project(Party agent, long unit) {
        return ((Number) agent.call().body(Map.of("name", "代理项目", "region", "阳光市", "tenderingUnitId", unit))
                .post("/api/projects").then().statusCode(201).extract().path("id")).longValue();
    }

    private static long draft(Party host, long project, String tradeType, String method) {
        return ((Number) host.call().body(Api.tenderBody(tradeType, method, Instant.now())).post("/api/projects/" + project + "/tenders")
                .then().statusCode(201).extract().path("id")).longValue();
    }

    @Test
    void anAgentWithoutEntrustmentCannotOpenAProjectInAUnitsName() {
        Party agent = Api.party("AGENT");
        Party unit = Api.party("TENDERER");
        agent.call().body(Map.of("name", "冒名项目", "region", "阳光市", "tenderingUnitId", unit.organisationId()))
                .post("/api/projects").then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("not-entrusted")).body("title", containsString("委托"));
        // Another agent's entrustment does not help this one.
        Party other = Api.party("AGENT");
        Api.entrust(unit.token(), null, other.organisationId());
        agent.call().body(Map.of("name", "冒名项目", "region", "阳光市", "tenderingUnitId", unit.organisationId()))
                .post("/api/projects").then().statusCode(403);
        // An entrustment by one unit does not cover another.
        Party unit2 = Api.party("TENDERER");
        Api.entrust(unit2.token(), null, agent.organisationId());
        agent.call().body(Map.of("name", "冒名项目", "region", "阳光市", "tenderingUnitId", unit.organisationId()))
                .post("/api/projects").then().statusCode(403);
    }

    @Test
    void anEntrustedAgentHostsUntilTheUnitRevokesThenIsStoppedAtOnce() {
        Api.ensureCustodians();
        Party agent = Api.party("AGENT");
        Party unit = Api.party("TENDERER");
        long entrustment = Api.entrust(unit.token(), null, agent.organisationId());
        long project = project(agent, unit.organisationId());
        long tender = draft(agent, project, "GOODS", "OPEN");
        agent.call().get("/api/tenders/" + tender + "/publication-check").then().statusCode(200);
        agent.call().get("/api/projects").then().statusCode(200).body("id", hasItem((int) project));
        // The agent and the unit both see the entrustment; the unit revokes it.
        agent.call().get("/api/entrustments").then().statusCode(200).body("id", hasItem((int) entrustment))
                .body("find { it.id == " + entrustment + " }.inForce", equalTo(true));
        unit.call().post("/api/entrustments/" + entrustment + "/revoke").then().statusCode(200)
                .body("revokedAt", notNullValue()).body("inForce", equalTo(false));
        // The very next request of the agent is refused, on every act.
        agent.call().get("/api/tenders/" + tender + "/publication-check").then().statusCode(403)
                .contentType("application/problem+json").body("type", endsWith("not-entrusted"));
        agent.call().post("/api/tenders/" + tender + "/publish").then().statusCode(403);
        agent.call().body(Api.tenderBody("GOODS", "OPEN", Instant.now())).put("/api/tenders/" + tender).then().statusCode(403);
        agent.call().body(Map.of("reason", "x")).post("/api/tenders/" + tender + "/cancel").then().statusCode(403);
        draftRefused(agent, project, "GOODS");
        agent.call().get("/api/projects").then().statusCode(200).body("id", not(hasItem((int) project)));
        agent.call().get("/api/tenders/" + tender).then().statusCode(404); // a draft the agent no longer hosts
        // The unit itself goes on.
        unit.call().get("/api/tenders/" + tender + "/publication-check").then().statusCode(200);
        unit.call().post("/api/entrustments/" + entrustment + "/revoke").then().statusCode(409);
        // Both acts are in the audit trail.
        List<String> actions = audit.forObject("entrustment", entrustment).stream().map(e -> e.action).toList();
        assertEquals(List.of("entrustment.granted", "entrustment.revoked"), actions);
    }

    private static void draftRefused(Party agent, long project, String tradeType) {
        agent.call().body(Api.tenderBody(tradeType, "OPEN", Instant.now())).post("/api/projects/" + project + "/tenders")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theScopeBindsTradeTypesAndProjects() {
        Party agent = Api.party("AGENT");
        Party unit = Api.party("TENDERER");
        // Goods only.
        unit.call().body(Map.of("agentCreditCode", Api.creditCodeOf(agent.organisationId()), "tradeTypes", List.of("GOODS"),
                        "validUntil", Instant.now().plus(Duration.ofDays(90)).toString()))
                .post("/api/entrustments").then().statusCode(201).body("tradeTypes", contains("GOODS"));
        long project = project(agent, unit.organisationId());
        draft(agent, project, "GOODS", "OPEN");
        draftRefused(agent, project, "ENGINEERING");
        long goods = draft(agent, project, "GOODS", "OPEN");
        var engineering = Api.tenderBody("ENGINEERING", "OPEN", Instant.now());
        agent.call().body(engineering).put("/api/tenders/" + goods).then().statusCode(403); // cannot change into scope it lacks

        // One project: the unit's own project, and nothing else (not even a new project).
        Party agent2 = Api.party("AGENT");
        long own = Api.project(unit);
        unit.call().body(Map.of("agentCreditCode", Api.creditCodeOf(agent2.organisationId()), "projectId", own,
                        "validUntil", Instant.now().plus(Duration.ofDays(90)).toString()))
                .post("/api/entrustments").then().statusCode(201).body("projectId", equalTo((int) own));
        draft(agent2, own, "ENGINEERING", "OPEN");
        draftRefused(agent2, project, "GOODS");
        agent2.call().body(Map.of("name", "新项目", "region", "阳光市", "tenderingUnitId", unit.organisationId()))
                .post("/api/projects").then().statusCode(403);
        // A unit cannot name another unit's project.
        Party stranger = Api.party("TENDERER");
        stranger.call().body(Map.of("agentCreditCode", Api.creditCodeOf(agent2.organisationId()), "projectId", own,
                        "validUntil", Instant.now().plus(Duration.ofDays(90)).toString()))
                .post("/api/entrustments").then().statusCode(422).body("violations[0].field", equalTo("projectId"));
    }

    @Test
    void thePeriodBinds() {
        Party agent = Api.party("AGENT");
        Party unit = Api.party("TENDERER");
        Instant later = clock.now().plus(Duration.ofDays(10));
        unit.call().body(Map.of("agentCreditCode", Api.creditCodeOf(agent.organisationId()), "validFrom", later.toString(),
                        "validUntil", later.plus(Duration.ofDays(30)).toString()))
                .post("/api/entrustments").then().statusCode(201).body("inForce", equalTo(false));
        agent.call().body(Map.of("name", "早了", "region", "阳光市", "tenderingUnitId", unit.organisationId()))
                .post("/api/projects").then().statusCode(403);
        // A period that ends before it starts, or is already over, is refused naming the field.
        unit.call().body(Map.of("agentCreditCode", Api.creditCodeOf(agent.organisationId()),
                        "validUntil", Instant.now().minus(Duration.ofDays(1)).toString()))
                .post("/api/entrustments").then().statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("validUntil"));
        unit.call().body(Map.of("agentCreditCode", Api.creditCode(),
                        "validUntil", Instant.now().plus(Duration.ofDays(1)).toString()))
                .post("/api/entrustments").then().statusCode(422).body("violations[0].field", equalTo("agentCreditCode"));
    }

    @Test
    void onlyTheUnitOrTheOperatorGrantsAndRevokesAndSupervisorsSeeThem() {
        Party agent = Api.party("AGENT");
        Party unit = Api.party("TENDERER");
        Party stranger = Api.party("TENDERER");
        String code = Api.creditCodeOf(agent.organisationId());
        String until = Instant.now().plus(Duration.ofDays(30)).toString();
        // A tenderer cannot entrust in another unit's name; an agent cannot entrust itself.
        stranger.call().body(Map.of("tenderingUnitId", unit.organisationId(), "agentCreditCode", code, "validUntil", until))
                .post("/api/entrustments").then().statusCode(403).contentType("application/problem+json");
        agent.call().body(Map.of("tenderingUnitId", unit.organisationId(), "agentCreditCode", code, "validUntil", until))
                .post("/api/entrustments").then().statusCode(403);
        // The operator records it on the unit's behalf.
        long id = Api.entrust(Api.operator(), unit.organisationId(), agent.organisationId());
        // Another unit cannot see or revoke it; the agent cannot revoke it.
        stranger.call().get("/api/entrustments").then().statusCode(200).body("id", not(hasItem((int) id)));
        stranger.call().post("/api/entrustments/" + id + "/revoke").then().statusCode(404);
        agent.call().post("/api/entrustments/" + id + "/revoke").then().statusCode(403);
        unit.call().get("/api/entrustments").then().statusCode(200).body("id", hasItem((int) id));
        Party supervisor = Api.party("SUPERVISOR");
        supervisor.call().get("/api/entrustments").then().statusCode(200).body("id", hasItem((int) id))
                .body("find { it.id == " + id + " }.agentCreditCode", equalTo(code));
        Api.party("BIDDER").call().get("/api/entrustments").then().statusCode(403);
        given().get("/api/entrustments").then().statusCode(401);
        // The operator may revoke too.
        Api.as(Api.operator()).post("/api/entrustments/" + id + "/revoke").then().statusCode(200);
        agent.call().body(Map.of("name", "撤销后", "region", "阳光市", "tenderingUnitId", unit.organisationId()))
                .post("/api/projects").then().statusCode(403);
    }

    @Test
    void aRevokedAgentHearsNoMoreAboutTheUnitsTenders() {
        Api.ensureCustodians();
        Party unit = Api.party("TENDERER");
        Party agent = Api.party("AGENT");
        Party bidder = Api.party("BIDDER");
        long project = Api.project(unit);
        unit.call().body(Map.of("agentCreditCode", Api.creditCodeOf(agent.organisationId()), "projectId", project,
                        "validFrom", Instant.now().minus(Duration.ofDays(1)).toString(),
                        "validUntil", Instant.now().plus(Duration.ofDays(90)).toString()))
                .post("/api/entrustments").then().statusCode(201);
        long entrustment = ((Number) unit.call().get("/api/entrustments").then().extract().path("[0].id")).longValue();
        long tender = draft(unit, project, "GOODS", "OPEN");
        unit.call().post("/api/tenders/" + tender + "/publish").then().statusCode(200);
        bidder.call().post("/api/tenders/" + tender + "/registrations").then().statusCode(201);
        Map<String, String> objection = Map.of("subject", "资格条件", "text", "资格条件排斥潜在投标人");
        bidder.call().body(objection).post("/api/tenders/" + tender + "/objections").then().statusCode(201);
        List<Integer> before = agent.call().get("/api/notifications").then().statusCode(200).extract().path("tenderId");
        assertEquals(1, before.stream().filter(t -> t == tender).count(), "the entrusted agent is told");
        unit.call().post("/api/entrustments/" + entrustment + "/revoke").then().statusCode(200);
        bidder.call().body(objection).post("/api/tenders/" + tender + "/objections").then().statusCode(201);
        List<Integer> after = agent.call().get("/api/notifications").then().statusCode(200).extract().path("tenderId");
        assertEquals(1, after.stream().filter(t -> t == tender).count(), "a revoked agent is not told");
        List<Integer> unitHears = unit.call().get("/api/notifications").then().statusCode(200).extract().path("tenderId");
        assertEquals(2, unitHears.stream().filter(t -> t == tender).count());
    }
}
