package cn.sunlight.account;

import cn.sunlight.account.service.Sessions;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A verified token and a live session are remembered (VerifiedTokens, Sessions) so that a bidder quoting many times a
 * second is not re-verified each time; what is remembered must never let through what the database or the signature
 * would refuse: a token changed by one character, a token past its exp, a session ended by logout.
 */
@QuarkusTest
class RememberedTokensTest {

    @Inject
    Sessions sessions;

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() {
        Party p = Api.party("BIDDER");
        Api.as(p.token()).get("/api/me").then().statusCode(200); // now remembered
        String t = p.token();
        int dot = t.lastIndexOf('.');
        // A character in the middle of the signature (the last one may carry only padding bits).
        int at = dot + 20;
        String badSignature = t.substring(0, at) + (t.charAt(at) == 'A' ? 'B' : 'A') + t.substring(at + 1);
        Api.as(badSignature).get("/api/me").then().statusCode(401);
        // Same signature, payload changed (another user id): the signature no longer matches.
        String[] parts = t.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replaceFirst("\"uid\":\"(\\d+)\"", "\"uid\":\"1\"");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + t.substring(dot);
        Api.as(forged).get("/api/me").then().statusCode(401);
        Api.as(p.token()).get("/api/me").then().statusCode(200);
    }

    @Test
    void aRememberedTokenEndsAtItsExpiry() throws Exception {
        Party p = Api.party("BIDDER");
        long uid = Long.parseLong(Api.as(p.token()).get("/api/me").then().statusCode(200).extract().path("id").toString());
        // A session of three seconds, as the platform would issue it (the session row and a token naming it).
        Instant now = Instant.now();
        Instant exp = now.plusSeconds(3);
        String jti = UUID.randomUUID().toString();
        sessions.open(jti, uid, now, exp);
        String token = Jwt.upn(p.username()).groups(Set.of("BIDDER")).issuer("sunlight").claim("jti", jti)
                .claim("uid", String.valueOf(uid)).issuedAt(now).expiresAt(exp).sign();
        Api.as(token).get("/api/me").then().statusCode(200);
        Api.as(token).get("/api/me").then().statusCode(200); // remembered
        Thread.sleep(java.time.Duration.between(Instant.now(), exp).toMillis() + 1500);
        Api.as(token).get("/api/me").then().statusCode(401);
    }

    @Test
    void logoutEndsARememberedSession() {
        Party p = Api.party("BIDDER");
        String token = Api.login(p.username(), Api.PASSWORD);
        for (int i = 0; i < 3; i++) {
            Api.as(token).get("/api/me").then().statusCode(200);
        }
        Api.as(token).post("/api/auth/logout").then().statusCode(204);
        Api.as(token).get("/api/me").then().statusCode(401);
        p.call().get("/api/me").then().statusCode(200);
    }
}
