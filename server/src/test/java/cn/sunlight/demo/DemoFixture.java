package cn.sunlight.demo;

import cn.sunlight.account.UserAccount;
import cn.sunlight.support.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo as `.ci/sunlight demo` makes it, built once per test run on the test instance (accounts, keys, tenders, stages). */
final class DemoFixture {

    static final Path KEYS = Path.of("target/test-demo-keys");

    record Demo(long tenderingUnit, long engineeringTender, DemoStages.Stages stages) {
    }

    private static Demo demo;

    private DemoFixture() {
    }

    static synchronized Demo get(DemoData data) throws Exception {
        if (demo != null) {
            return demo;
        }
        boolean seeded = QuarkusTransaction.requiringNew().call(() -> UserAccount.byUsername("tenderer").isPresent());
        long unit;
        if (!seeded) {
            unit = data.seedAt(RestAssured.port, KEYS);
        } else {
            assertTrue(Files.exists(KEYS.resolve("expert5/encryption-cert.pem")), "demo accounts exist but their keys are gone");
            List<Map<String, Object>> orgs = Api.organisations();
            unit = ((Number) orgs.stream().filter(o -> "91440300MA5DEM0019".equals(o.get("creditCode"))).findFirst().orElseThrow()
                    .get("id")).longValue();
        }
        long engineering = ((Number) RestAssured.given().queryParam("q", "第二人民医院门诊楼").get("/api/tenders").then().statusCode(200)
                .extract().path("[0].id")).longValue();
        Instant started = Instant.now();
        var stages = new DemoStages(URI.create("http://localhost:" + RestAssured.port), KEYS,
                new PrintStream(System.out, true, StandardCharsets.UTF_8)).build(unit);
        System.out.println("demo stages built in " + Duration.between(started, Instant.now()).toSeconds() + " s");
        demo = new Demo(unit, engineering, stages);
        return demo;
    }
}
