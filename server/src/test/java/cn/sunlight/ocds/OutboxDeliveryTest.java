package cn.sunlight.ocds;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.OcdsChecks;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.hibernate.orm.panache.Panache;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 15 item 4: the outbox delivers every release to a real HTTP receiver — through an outage, failed requests and
 * a lost answer — once, in feed order; receipts are stored; undelivered items raise yellow then red alerts on the
 * supervisors' desk; another instance's lease keeps this one from sending.
 */
@QuarkusTest
@QuarkusTestResource(value = ExchangeReceiver.class, restrictToAnnotatedClass = true)
class OutboxDeliveryTest {

    @Inject
    PlatformClock clock;
    JsonNode receiver(String command) {
        // Looked up, not injected: an injected key would have to exist in every test's configuration.
        String control = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("sunlight.test.exchange.control", String.class);
        return cn.sunlight.support.OcdsSchemas.parse(RestAssured.given().baseUri(control).post("/" + command).then().statusCode(200)
                .extract().asString());
    }

    JsonNode queue() {
        return cn.sunlight.support.OcdsSchemas.parse(Api.as(Api.operator()).get("/api/ocds/outbox").then().statusCode(200).extract().asString());
    }

    void deliverAll() throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (queue().path("pending").asLong() > 0 && System.currentTimeMillis() < until) {
            Api.as(Api.operator()).post("/api/ocds/outbox/send").then().statusCode(200);
            Thread.sleep(200);
        }
        assertEquals(0, queue().path("pending").asLong(), "everything delivered");
    }

    @Test
    void everyChangeArrivesOnceAndInOrderAfterAnOutage() throws Exception {
        receiver("down");
        Party host = Api.party("TENDERER");
        long a = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String codeA = host.call().post("/api/tenders/" + a + "/publish").then().statusCode(200).extract().path("code");
        host.call().body(Map.of("kind", "CLARIFICATION", "text", "开标地点说明", "affectsPreparation", false))
                .post("/api/tenders/" + a + "/clarifications").then().statusCode(201);
        long b = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + b + "/publish").then().statusCode(200);
        host.call().body(Map.of("reason", "采购需求变更")).post("/api/tenders/" + a + "/cancel").then().statusCode(200);

        Api.as(Api.operator()).post("/api/ocds/outbox/send").then().statusCode(200).body("delivered", equalTo(0));
        JsonNode q = queue();
        assertTrue(q.path("endpointConfigured").asBoolean());
        assertEquals(4, q.path("pending").asLong());
        assertTrue(q.path("pendingItems").get(0).path("attempts").asInt() >= 1, "the head is tried and holds the rest back");
        assertThat(q.path("pendingItems").get(0).path("lastError").asText(), containsString("503"));
        for (int i = 1; i < 4; i++) {
            assertEquals(0, q.path("pendingItems").get(i).path("attempts").asInt(), "nothing overtakes the head");
        }
        // Operators and supervisors only.
        Api.party("BIDDER").call().get("/api/ocds/outbox").then().statusCode(403);
        given().get("/api/ocds/outbox").then().statusCode(401);

        // Undelivered beyond the promptness window: yellow after an hour, red after a day (test clock moved).
        Party supervisor = Api.party("SUPERVISOR");
        Duration moved = Duration.ZERO;
        try {
            clock.advance(Duration.ofHours(2));
            moved = moved.plusHours(2);
            supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                    .body("find { it.tenderId == " + a + " && it.kind == 'data-exchange-within' }.level", equalTo("YELLOW"));
            clock.advance(Duration.ofDays(1));
            moved = moved.plusDays(1);
            supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                    .body("find { it.tenderId == " + a + " && it.kind == 'data-exchange-within' }.level", equalTo("RED"))
                    .body("find { it.tenderId == " + b + " && it.kind == 'data-exchange-within' }.level", equalTo("RED"));
        } finally {
            clock.advance(moved.negated());
        }

        // The receiver comes back, fails twice more, then loses one answer after storing the item.
        receiver("fail?n=2");
        receiver("lose?n=1");
        receiver("up");
        deliverAll();

        // One more change after the recovery goes out behind the others.
        host.call().body(Map.of("reason", "采购需求变更")).post("/api/tenders/" + b + "/cancel").then().statusCode(200);
        deliverAll();

        List<String> feed = new ArrayList<>();
        OcdsChecks.crawl(100).forEach(r -> feed.add(r.path("id").asText()));
        JsonNode log = receiver("log");
        List<String> stored = new ArrayList<>();
        log.path("stored").forEach(s -> stored.add(s.asText()));
        assertEquals(feed, stored, "every release, once, in feed order");
        assertEquals(5, stored.size());
        // Resent only after the lost answer (and the failures): never a second time after an answer was received.
        Map<String, Integer> answered = new HashMap<>();
        for (JsonNode r : log.path("requests")) {
            String answer = r.path("answer").asText();
            if (answer.equals("stored") || answer.equals("duplicate")) {
                answered.merge(r.path("key").asText(), 1, Integer::sum);
            }
        }
        answered.forEach((k, n) -> assertEquals(1, n, k + " answered more than once"));
        assertEquals(1, log.path("requests").findValuesAsText("answer").stream().filter("duplicate"::equals).count(),
                "the lost answer's item was resent once, with its key");
        assertTrue(log.path("requests").findValuesAsText("dataSet").containsAll(List.of("announcement")));
        JsonNode done = queue();
        assertEquals(5, done.path("delivered").asLong());
        for (JsonNode item : done.path("recentlyDelivered")) {
            assertEquals(200, item.path("receiptStatus").asInt());
            assertThat(item.path("receipt").asText(), containsString("PSP-"));
        }
        supervisor.call().get("/api/supervision/alerts?limit=200").then().statusCode(200)
                .body("findAll { it.kind == 'data-exchange-within' }", empty());
        assertTrue(codeA.length() > 0);
    }

    @Test
    void anotherInstancesLeaseKeepsThisOneFromSending() throws Exception {
        receiver("up");
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update ocds_sender_lease set holder = 'other-instance', expires_at = clock_timestamp() + interval '1 hour'").executeUpdate());
        try {
            Party host = Api.party("TENDERER");
            long t = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
            host.call().post("/api/tenders/" + t + "/publish").then().statusCode(200);
            int before = receiver("log").path("requests").size();
            Api.as(Api.operator()).post("/api/ocds/outbox/send").then().statusCode(200).body("delivered", equalTo(0));
            Thread.sleep(1500); // a scheduled run too
            assertEquals(before, receiver("log").path("requests").size(), "the lease holder alone sends");
            assertTrue(queue().path("pending").asLong() >= 1);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                    "update ocds_sender_lease set expires_at = 'epoch'").executeUpdate());
        }
        deliverAll();
    }
}
