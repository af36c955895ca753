package cn.sunlight.account.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * The platform's tokens, verified once per token rather than once per request: smallrye-jwt's parser checks the
 * signature, issuer and expiry as configured ({@code mp.jwt.verify.*}), and the verified token is remembered under its
 * full text until its own {@code exp} (never longer, at most {@link #REMEMBER}). A bidder quoting many times a second
 * in an auction's last minute sends the same token each time; parsing and verifying it each time is most of what the
 * request costs. Only a token that verified is remembered (a refused one is checked again each time), the key is the
 * whole signed token (a changed byte is another key and is verified), and the session behind it is still checked on
 * every request ({@link SessionCheck}), so logout and password changes end it as before.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration REMEMBER = Duration.ofMinutes(10);

    private final DefaultJWTParser parser;
    private final boolean remember;
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfter(new Expiry<String, JsonWebToken>() {
                @Override
                public long expireAfterCreate(String token, JsonWebToken jwt, long now) {
                    long untilExp = Duration.between(Instant.now(), Instant.ofEpochSecond(jwt.getExpirationTime())).toNanos();
                    return Math.max(0, Math.min(untilExp, REMEMBER.toNanos()));
                }

                @Override
                public long expireAfterUpdate(String token, JsonWebToken jwt, long now, long current) {
                    return current;
                }

                @Override
                public long expireAfterRead(String token, JsonWebToken jwt, long now, long current) {
                    return current;
                }
            }).build();

    public VerifiedTokens(DefaultJWTParser parser,
                          @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sunlight.auth.remember", defaultValue = "true") boolean remember) {
        this.parser = parser;
        this.remember = remember;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = token == null || !remember ? null : verified.getIfPresent(token);
        if (known != null && Instant.now().getEpochSecond() < known.getExpirationTime()) {
            return known;
        }
        JsonWebToken jwt = parser.parse(token);
        if (remember && jwt.getExpirationTime() > 0) { // a token without exp is not remembered
            verified.put(token, jwt);
        }
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
