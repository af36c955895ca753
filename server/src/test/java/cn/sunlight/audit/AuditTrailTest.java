package cn.sunlight.audit;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class AuditTrailTest {

    @Inject
    AgroalDataSource db;
    @Inject
    PlatformClock clock;

    @Test
    void everyStateChangeLeavesAnEventWithActorAddressAndStateHash() throws SQLException {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        try (var c = db.getConnection(); var s = c.prepareStatement(
                "select action, actor, actor_role, organisation, client_address, state_hash, entry from audit_event "
                        + "where object_type = 'tender' and object_id = ? order by id")) {
            s.setString(1, String.valueOf(id));
            var rs = s.executeQuery();
            assertTrue(rs.next());
            assertEquals("tender.drafted", rs.getString(1));
            assertEquals(host.username(), rs.getString(2));
            assertEquals("TENDERER", rs.getString(3));
            assertEquals(18, rs.getString(4).length());
            assertNotNull(rs.getString(5), "client address recorded");
            assertTrue(rs.getString(6).matches("[0-9a-f]{64}"));
            assertTrue(rs.getString(7).contains("\"action\":\"tender.drafted\""));
            assertTrue(rs.next());
            assertEquals("tender.published", rs.getString(1));
        }
    }

    @Test
    void registrationEventIsWithheldUntilTheOpening() throws SQLException {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        var bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        try (var c = db.getConnection(); var s = c.prepareStatement(
                "select entry, disclosure, disclose_tender from audit_event where action = 'tender.bidder-registered' and object_id = ?")) {
            s.setString(1, String.valueOf(id));
            var rs = s.executeQuery();
            assertTrue(rs.next());
            // The entry names the bidder (supervisors, and the public after the opening, read it), salted so that its
            // public leaf hash cannot be tested against guesses; it is withheld until this tender's opening.
            assertTrue(rs.getString(1).contains(bidder.username()));
            assertTrue(rs.getString(1).matches(".*\"salt\":\"[0-9a-f]{32}\".*"), rs.getString(1));
            assertEquals("OPENING", rs.getString(2));
            assertEquals(id, rs.getLong(3));
        }
        String leaf = io.restassured.RestAssured.given().queryParam("start", 0).queryParam("end", 1).get("/api/log/entries").asString();
        assertNotNull(leaf);
    }

    @Test
    void theDatabaseRefusesUpdateAndDelete() throws SQLException {
        Api.operator(); // a login writes an event, so the table is not empty
        try (var c = db.getConnection(); var s = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("update audit_event set actor = 'forger'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_event"));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
        }
    }
}
