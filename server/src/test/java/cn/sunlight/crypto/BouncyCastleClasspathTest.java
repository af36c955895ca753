package cn.sunlight.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BouncyCastleClasspathTest {

    @Test
    void bouncyCastleIsRegisteredAfterTheJdkProviders() throws Exception {
        Provider bc = CryptoProviders.bouncyCastle();
        assertEquals(bc, CryptoProviders.bouncyCastle(), "registered once");
        List<String> names = Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
        assertEquals(BouncyCastleProvider.PROVIDER_NAME, names.get(names.size() - 1), names.toString());
        assertTrue(names.indexOf("SUN") < names.indexOf("BC") && names.indexOf("SunEC") < names.indexOf("BC"));
        assertEquals("SUN", MessageDigest.getInstance("SHA-256").getProvider().getName(), "SHA-256 stays with the JDK");
    }

    /**
     * bcprov and bcpkix are 1.87 (pom.xml), but quarkus-bom 3.28.2 manages bcutil-jdk18on (org.bouncycastle.asn1.cms,
     * .tsp, .ess, ...) to 1.82, and Maven picks that. bcpkix 1.87 then fails at run time, e.g. CMS signature
     * verification (SignerInformation.verify, hence TimeStampToken.validate and CMSSignedData verification) throws
     * NoSuchMethodError: AttributeTable.hasAny. Fix: declare bcutil-jdk18on ${bouncycastle.version} in pom.xml.
     */
    @Test
    void bcutilMatchesBcpkix() throws Exception {
        assertEquals(BouncyCastleProvider.class.getPackage().getImplementationVersion(),
                AttributeTable.class.getPackage().getImplementationVersion());
        AttributeTable.class.getMethod("hasAny", org.bouncycastle.asn1.ASN1ObjectIdentifier.class);
    }
}
