package cn.sunlight.crypto;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PKCS#10 requests without the server: every key type the CA certifies, and one fingerprint per key. */
class CertificationRequestsTest {

    @Test
    void everyCertifiedKeyTypeSignsAndVerifiesItsOwnRequest() throws Exception {
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        for (KeyPair keys : List.of(KeyPairs.ecP256(), KeyPairs.rsa(2048), KeyPairs.sm2(), ed.generateKeyPair())) {
            CertificationRequests.Verified v = CertificationRequests.verify(CertificationRequests.create(keys, "x"));
            assertArrayEquals(keys.getPublic().getEncoded(), v.publicKey().getEncoded(), v.type().name());
            assertEquals(CertificationRequests.spkiSha256(keys.getPublic()), v.spkiSha256());
        }
    }

    @Test
    void aCompressedPointIsTheSameKey() throws Exception {
        // The one-organisation rule keys on the fingerprint: re-encoding the point must not make a "new" key.
        for (KeyPair keys : List.of(KeyPairs.ecP256(), KeyPairs.sm2())) {
            SubjectPublicKeyInfo plain = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
            byte[] compressedPoint = ((ECPublicKey) KeyFactory.getInstance("EC", CryptoProviders.bouncyCastle())
                    .generatePublic(new X509EncodedKeySpec(plain.getEncoded()))).getQ().getEncoded(true);
            SubjectPublicKeyInfo compressed = new SubjectPublicKeyInfo(plain.getAlgorithm(), compressedPoint);
            assertNotEquals(plain, compressed);
            var request = new PKCS10CertificationRequestBuilder(new X500Name("CN=x"), compressed)
                    .build(new JcaContentSignerBuilder(KeyPairs.isSm2(keys.getPublic()) ? "SM3withSM2" : "SHA256withECDSA")
                            .setProvider(CryptoProviders.bouncyCastle()).build(keys.getPrivate()));
            StringWriter pem = new StringWriter();
            try (PemWriter w = new PemWriter(pem)) {
                w.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
            }
            assertEquals(CertificationRequests.spkiSha256(keys.getPublic()), CertificationRequests.verify(pem.toString()).spkiSha256());
        }
    }

    @Test
    void otherInputIsRefusedWithACode() throws Exception {
        KeyPair keys = KeyPairs.ecP256();
        String request = CertificationRequests.create(keys, "x");
        assertEquals("pem-csr", assertThrows(CertificationRequests.Invalid.class,
                () -> CertificationRequests.verify(Pem.write(keys.getPublic()))).code());
        assertEquals("pem-csr", assertThrows(CertificationRequests.Invalid.class,
                () -> CertificationRequests.verify(request + request)).code());
        assertEquals("pem-csr", assertThrows(CertificationRequests.Invalid.class,
                () -> CertificationRequests.verify("x".repeat(CertificationRequests.MAX_PEM_CHARS + 1))).code());
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        KeyPair other = p384.generateKeyPair();
        var request384 = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), other.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate()));
        StringWriter pem = new StringWriter();
        try (PemWriter w = new PemWriter(pem)) {
            w.writeObject(new PemObject("CERTIFICATE REQUEST", request384.getEncoded()));
        }
        assertEquals("key-type", assertThrows(CertificationRequests.Invalid.class,
                () -> CertificationRequests.verify(pem.toString())).code());
    }
}
