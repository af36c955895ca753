package cn.sunlight.tender;

import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Shell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 17 item 2: an invited tender (邀请招标) tried as its host, its invitees, an outsider and the public would. */
@QuarkusTest
class InvitedTenderTest {

    @Test
    void onlyInviteesRegisterEachGetsASignedLetterAndNoPublicSurfaceNamesThemBeforeTheAward() throws Exception {
        Party host = Api.party("TENDERER");
        List<Party> invitees = List.of(Api.party("BIDDER"), Api.party("BIDDER"), Api.party("BIDDER"));
        Party outsider = Api.party("BIDDER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "INVITED", Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        // Publication needs at least three invitees (招标投标法 Art. 17).
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(422)
                .body("violations.find { it.field == 'invitations' }.rule", equalTo("min-invitees"))
                .body("violations.find { it.field == 'invitations' }.citation", containsString("第十七条"));
        host.call().body(Map.of("creditCodes", List.of(invitees.get(0).creditCode(), invitees.get(1).creditCode())))
                .put("/api/tenders/" + id + "/invitations").then().statusCode(200).body("size()", equalTo(2));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(422)
                .body("violations.find { it.field == 'invitations' }.figure", notNullValue());
        host.call().body(Map.of("creditCodes", List.of(invitees.get(0).creditCode(), invitees.get(0).creditCode())))
                .put("/api/tenders/" + id + "/invitations").then().statusCode(422).body("violations[0].field", equalTo("creditCodes[1]"));
        host.call().body(Map.of("creditCodes", List.of(host.creditCode()))).put("/api/tenders/" + id + "/invitations").then()
                .statusCode(422).body("violations[0].field", equalTo("creditCodes[0]"));
        outsider.call().body(Map.of("creditCodes", List.of(outsider.creditCode()))).put("/api/tenders/" + id + "/invitations")
                .then().statusCode(403);
        host.call().body(Map.of("creditCodes", invitees.stream().map(Party::creditCode).toList()))
                .put("/api/tenders/" + id + "/invitations").then().statusCode(200).body("size()", equalTo(3));
        long open = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().body(Map.of("creditCodes", List.of(outsider.creditCode()))).put("/api/tenders/" + open + "/invitations")
                .then().statusCode(422).body("violations[0].rule", equalTo("not-inviting"));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        host.call().body(Map.of("creditCodes", List.of(outsider.creditCode()))).put("/api/tenders/" + id + "/invitations")
                .then().statusCode(409);

        // Each invitee: the letter in its inbox and as a signed PDF naming it.
        for (Party p : invitees) {
            p.call().get("/api/notifications").then().statusCode(200)
                    .body("find { it.tenderId == " + id + " && it.kind == 'tender.invitation' }", notNullValue());
            byte[] pdf = p.call().get("/api/tenders/" + id + "/invitation.pdf").then().statusCode(200)
                    .contentType("application/pdf").extract().asByteArray();
            Path file = Files.createTempFile("invitation", ".pdf");
            Files.write(file, pdf);
            String text = Shell.ok(null, "pdftotext", "-enc", "UTF-8", file.toString(), "-").replaceAll("\\s+", "");
            assertTrue(text.contains("投标邀请书"), text);
            assertTrue(text.contains(p.organisationName().replaceAll("\\s+", "")), text);
            assertTrue(text.contains(p.creditCode()), text);
            assertTrue(text.contains("第十七条"), text);
            assertFalse(text.contains(invitees.get(invitees.indexOf(p) == 0 ? 1 : 0).creditCode()), "a letter names only its invitee");
            assertTrue(Shell.ok(null, "pdfsig", file.toString()).contains("Signature is Valid"));
        }
        outsider.call().get("/api/tenders/" + id + "/invitation.pdf").then().statusCode(404);

        // Only invitees register (and so bid); the refusal cites the article.
        outsider.call().post("/api/tenders/" + id + "/registrations").then().statusCode(403)
                .contentType(containsString("problem+json")).body("type", containsString("not-invited"))
                .body("violations[0].citation", containsString("第十七条"));
        invitees.get(0).call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);

        // Who was invited: the host and supervisors now, the public only after the award.
        host.call().get("/api/tenders/" + id + "/invitations").then().statusCode(200).body("size()", equalTo(3))
                .body("[0].letterIssuedAt", notNullValue());
        Api.party("SUPERVISOR").call().get("/api/tenders/" + id + "/invitations").then().statusCode(200);
        given().get("/api/tenders/" + id + "/invitations").then().statusCode(409).contentType(containsString("problem+json"));
        outsider.call().get("/api/tenders/" + id + "/invitations").then().statusCode(409);

        // No public surface names an invitee: every GET of the API (anonymous and as an outsider), the portal, the log.
        ObjectMapper json = new ObjectMapper();
        StringBuilder seen = new StringBuilder();
        JsonNode paths = json.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString())
                .get("paths");
        int calls = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if (!paths.get(path).has("get") || path.startsWith("/api/log/")) {
                continue;
            }
            String url = path.replace("{id}", String.valueOf(id)).replace("{tenderId}", String.valueOf(id)).replace("{lot}", "1")
                    .replaceAll("\\{[^}]+}", "1");
            for (String token : new String[]{null, outsider.token()}) {
                RequestSpecification r = token == null ? given() : given().header("Authorization", "Bearer " + token);
                seen.append('\n').append(url).append(' ').append(r.get(url).asString());
                calls++;
            }
        }
        assertTrue(calls > 100, "crawled " + calls);
        seen.append(given().get("/api/log/export").then().statusCode(200).extract().asString());
        for (String page : List.of("/", "/tenders/" + id, "/tenders/" + id + "/opening", "/desk/log")) {
            seen.append(given().get(page).then().statusCode(200).extract().asString());
        }
        String everything = seen.toString();
        for (Party p : invitees) {
            for (String identifier : List.of(p.organisationName(), p.creditCode(), p.username())) {
                int at = everything.indexOf(identifier);
                assertEquals(-1, at, "invitee " + identifier + " is public before the award: …"
                        + (at < 0 ? "" : everything.substring(Math.max(0, at - 200), Math.min(everything.length(), at + 100))));
            }
        }
    }
}
