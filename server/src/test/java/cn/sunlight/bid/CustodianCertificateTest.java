package cn.sunlight.bid;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Opening-key shares are sealed to international-suite encryption keys: a tendering unit whose only encryption key is
 * SM2 cannot hold one, and publication says so (422 custodians-missing), never a server error.
 */
@QuarkusTest
class CustodianCertificateTest {

    @Inject
    PlatformClock clock;

    @Test
    void aHostWithOnlyAnSm2EncryptionKeyIsToldWhatIsMissing() {
        Api.ensureCustodians();
        long org = Api.organisation("TENDERING_UNIT", "国密单位 " + System.nanoTime());
        String username = "sm2only-" + System.nanoTime() % 1_000_000;
        Api.as(Api.operator()).body(Map.of("username", username, "password", Api.PASSWORD, "role", "TENDERER",
                "organisationId", org, "displayName", "国密单位")).post("/api/accounts").then().statusCode(201);
        String token = Api.login(username, Api.PASSWORD);
        Api.as(token).body(Map.of("purpose", "ENCRYPTION", "csr", CertificationRequests.create(KeyPairs.sm2(), username)))
                .post("/api/me/certificates").then().statusCode(201);
        long project = ((Number) Api.as(token).body(Map.of("name", "国密项目", "region", "阳光市"))
                .post("/api/projects").then().statusCode(201).extract().path("id")).longValue();
        long id = ((Number) Api.as(token).body(Api.tenderBody("GOODS", "OPEN", clock.now()))
                .post("/api/projects/" + project + "/tenders").then().statusCode(201).extract().path("id")).longValue();
        Api.as(token).post("/api/tenders/" + id + "/publish").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:sunlight:problem:custodians-missing"))
                .body("violations.field", hasItem("custodians"));
        Api.as(token).get("/api/tenders/" + id).then().statusCode(200).body("status", equalTo("DRAFT"));
    }
}
