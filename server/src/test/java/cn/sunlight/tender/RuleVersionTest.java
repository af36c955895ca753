package cn.sunlight.tender;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.rules.RuleSetParser;
import cn.sunlight.support.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class RuleVersionTest {

    @Inject
    AgroalDataSource db;
    @Inject
    PlatformClock clock;

    @Test
    void aPublishedTenderKeepsTheExactRulesItWasPublishedUnder() throws Exception {
        var host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("PROCUREMENT", "COMPETITIVE_CONSULTATION", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String version = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("rulesVersion");
        String current = given().get("/api/rules/PROCUREMENT/COMPETITIVE_CONSULTATION").then().statusCode(200).extract().path("version");
        assertEquals(current, version);
        try (var c = db.getConnection(); var ps = c.prepareStatement("select rules_id, canonical_json from rule_set_version where version = ?")) {
            ps.setString(1, version);
            var rs = ps.executeQuery();
            assertTrue(rs.next(), "the rule set content is stored under its hash");
            assertEquals("procurement/competitive-consultation", rs.getString(1));
            String canonical = rs.getString(2);
            assertEquals(version, CanonicalJson.sha256Hex(canonical), "the version is the hash of the stored content");
            var reread = RuleSetParser.fromCanonical(canonical);
            assertEquals(version, reread.version());
            assertEquals(0, reread.require("documents-to-deadline").value().compareTo(java.math.BigDecimal.TEN));
        }
    }

    @Test
    void rulesArePublicWithCitations() {
        given().get("/api/rules").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(12))
                .body("find { it.id == 'engineering/open' }.rules.find { it.id == 'bid-bond-max-amount' }.citation",
                        org.hamcrest.Matchers.containsString("30号令"));
        given().get("/api/rules/ENGINEERING/INQUIRY").then().statusCode(422).contentType("application/problem+json");
    }
}
