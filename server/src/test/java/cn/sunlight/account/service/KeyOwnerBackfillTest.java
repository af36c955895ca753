package cn.sunlight.account.service;

import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys certified before V12 recorded owners get their owner at start-up, so the one-organisation rule covers them. */
@QuarkusTest
class KeyOwnerBackfillTest {

    @Inject
    KeyOwnerBackfill backfill;
    @Inject
    AgroalDataSource db;

    @Test
    void keysCertifiedBeforeOwnersWereRecordedKeepTheirFirstOrganisation() throws Exception {
        Party first = Api.party("BIDDER");
        Party second = Api.party("BIDDER");
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("delete from party_key"); // the state right after migration V12: certificates, no owners
        }
        backfill.onStart(null);
        try (var c = db.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("select count(*) from party_key where organisation_id = " + first.organisationId())) {
            assertTrue(rs.next() && rs.getInt(1) == 2, "both of first's keys have their owner again");
        }
        String request = CertificationRequests.create(first.signing(), "legacy");
        second.call().body(Map.of("purpose", "SIGNING", "csr", request)).post("/api/me/certificates").then().statusCode(409);
        first.call().body(Map.of("purpose", "SIGNING", "csr", request)).post("/api/me/certificates").then().statusCode(201);
    }
}
