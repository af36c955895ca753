package cn.sunlight.tools;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bidder-tool keys}: the bidder's keys are made on its machine and certified from requests they signed; the
 * tool then bids with them, its statements naming the organisation its certificate names.
 */
@QuarkusTest
class KeysCommandTest {

    @Inject
    PlatformClock clock;

    @Test
    void theToolMakesKeysHasThemCertifiedByCsrAndBidsWithThem() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party bidder = Api.party("BIDDER");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        Path keys = Files.createTempDirectory("tool-keys").resolve("mine");

        BidderToolTest.Run made = BidderToolTest.as(bidder, keys, "keys");
        assertEquals(0, made.exit(), made.toString());
        for (String name : new String[]{"signing", "encryption"}) {
            X509Certificate cert = Pem.readCertificate(Files.readString(keys.resolve(name + "-cert.pem")));
            assertEquals(bidder.creditCode(), PlatformCa.organisationCode(cert).orElseThrow());
            assertEquals(KeyPairs.Type.EC_P256, KeyPairs.typeOf(cert.getPublicKey()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(name + "-key.pem"))));
        }
        assertTrue(made.out().contains(bidder.creditCode()), made.toString());
        // Existing keys are never overwritten.
        BidderToolTest.Run again = BidderToolTest.as(bidder, keys, "keys");
        assertEquals(2, again.exit(), again.toString());

        // SM2 keys beside them, for national-suite tenders.
        BidderToolTest.Run national = BidderToolTest.as(bidder, keys, "keys", "--suite", "NATIONAL");
        assertEquals(0, national.exit(), national.toString());
        assertTrue(KeyPairs.isSm2(Pem.readCertificate(Files.readString(keys.resolve("sm2-signing-cert.pem"))).getPublicKey()));

        // The tool bids with the keys it made; the platform checks the statement names the bidder's organisation.
        Path folder = BidderToolTest.bidFolder("keys-command", "9300000.00");
        BidderToolTest.Run submitted = BidderToolTest.as(bidder, keys, "submit", "--tender", "" + id, "--lot", "1",
                "--folder", folder.toString());
        assertEquals(0, submitted.exit(), submitted.toString());
        BidderToolTest.Run withdrawn = BidderToolTest.as(bidder, keys, "withdraw", "--tender", "" + id, "--lot", "1",
                "--folder", folder.toString());
        assertEquals(0, withdrawn.exit(), withdrawn.toString());
    }
}
