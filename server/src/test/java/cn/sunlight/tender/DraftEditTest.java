package cn.sunlight.tender;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** PUT /api/tenders/{id} on a draft with lots: the same, more and fewer lots (the workspace saves every step this way). */
@QuarkusTest
class DraftEditTest {

    @Inject
    PlatformClock clock;

    @Test
    void aDraftCanBeSavedAgainWithTheSameMoreAndFewerLots() {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("GOODS", "OPEN", clock.now());
        long id = Api.draft(host, body);
        body.put("title", "改过的名称");
        host.call().body(body).put("/api/tenders/" + id).then().statusCode(200)
                .body("title", equalTo("改过的名称")).body("lots", hasSize(2));
        body.put("lots", List.of(Map.of("name", "甲", "budget", "3000000.00"), Map.of("name", "乙", "budget", "3000000.00"),
                Map.of("name", "丙", "budget", "4000000.00")));
        host.call().body(body).put("/api/tenders/" + id).then().statusCode(200)
                .body("lots", hasSize(3)).body("lots[2].number", equalTo(3)).body("lots[0].name", equalTo("甲"));
        body.put("lots", List.of(Map.of("name", "整体", "budget", "10000000.00")));
        host.call().body(body).put("/api/tenders/" + id).then().statusCode(200)
                .body("lots", hasSize(1)).body("lots[0].name", equalTo("整体")).body("lots[0].number", equalTo(1));
        given().header("Authorization", "Bearer " + host.token()).get("/api/tenders/" + id).then()
                .body("lots", hasSize(1));
    }
}
