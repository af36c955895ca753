package cn.sunlight.bid.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.sunlight.bid.envelope.ShamirCustody.Share;

/** k-of-n custody of the opening key with Bouncy Castle 1.87's ShamirSecretSplitter. */
class ShamirCustodyTest {

    private final TestPki pki = TestPki.get();
    private final ShamirCustody custody = new ShamirCustody();

    @TempDir
    Path tmp;

    @Test
    void twoOfThreeRsa3072AnyTwoSharesRebuildTheKeyOneDoesNot() throws Exception {
        List<Share> shares = custody.split(pki.opening.key(), pki.opening.cert(), 2, 3);
        assertEquals(3, shares.size());
        assertEquals(List.of(1, 2, 3), shares.stream().map(Share::index).toList());
        for (List<Share> subset : subsets(shares, 2)) {
            PrivateKey key = custody.recombine(subset, pki.opening.cert());
            assertArrayEquals(pki.opening.key().getEncoded(), key.getEncoded(), subset.toString());
        }
        for (List<Share> subset : subsets(shares, 1)) {
            CustodyException e = assertThrows(CustodyException.class,
                    () -> custody.recombine(subset, pki.opening.cert()));
            assertTrue(e.getMessage().contains("need 2 shares"), e.getMessage());
        }
        assertTrue(ShamirCustody.matches(custody.recombine(shares, pki.opening.cert()), pki.opening.cert()));
    }

    @Test
    void threeOfFiveRsa3072AnyThreeSharesRebuildTheKeyTwoDoNot() throws Exception {
        List<Share> shares = custody.split(pki.opening.key(), pki.opening.cert(), 3, 5);
        List<List<Share>> triples = subsets(shares, 3);
        assertEquals(10, triples.size());
        for (List<Share> subset : triples) {
            PrivateKey key = custody.recombine(subset, pki.opening.cert());
            assertArrayEquals(pki.opening.key().getEncoded(), key.getEncoded(), subset.toString());
        }
        for (List<Share> subset : subsets(shares, 2)) {
            assertThrows(CustodyException.class, () -> custody.recombine(subset, pki.opening.cert()));
        }
        // more than k consistent shares also work, in any order (each share carries its index)
        assertArrayEquals(pki.opening.key().getEncoded(), custody.recombine(subsets(shares, 4).get(2),
                pki.opening.cert()).getEncoded());
        List<Share> reversed = new ArrayList<>(shares);
        java.util.Collections.reverse(reversed);
        assertArrayEquals(pki.opening.key().getEncoded(), custody.recombine(reversed, pki.opening.cert())
                .getEncoded());
    }

    @Test
    void kMinusOneSharesYieldNothingEvenWithForgedThreshold() throws Exception {
        List<Share> shares = custody.split(pki.opening.key(), pki.opening.cert(), 3, 5);
        // a custodian lies that k = 2: interpolation of two points of a degree-2 polynomial is not the key
        List<Share> forged = shares.subList(0, 2).stream().map(s -> new Share(s.splitId(), s.keyId(),
                s.keyAlgorithm(), 2, s.total(), s.index(), s.value())).toList();
        assertThrows(CustodyException.class, () -> custody.recombine(forged, pki.opening.cert()));
    }

    @Test
    void aWrongShareProducesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        List<Share> shares = custody.split(pki.opening.key(), pki.opening.cert(), 2, 3);
        // One byte of share 2 is wrong. Shamir works byte-wise, so exactly one byte of the PKCS#8 encoding
        // changes: offset 600 lies inside the RSA private exponent d, the key still parses ...
        byte[] bad = shares.get(1).value();
        bad[600] ^= 0x5a;
        Share corrupted = new Share(shares.get(1).splitId(), shares.get(1).keyId(), "RSA", 2, 3, 2, bad);
        List<Share> withBad = List.of(shares.get(0), corrupted);
        PrivateKey wrong = custody.recombine(withBad);
        assertFalse(java.util.Arrays.equals(pki.opening.key().getEncoded(), wrong.getEncoded()));
        // ... but it is not the opening key (signing alone would not notice: it uses the CRT values)
        assertFalse(ShamirCustody.matches(wrong, pki.opening.cert()));
        CustodyException e = assertThrows(CustodyException.class,
                () -> custody.recombine(withBad, pki.opening.cert()));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());

        // A share replaced by garbage does not even give a parseable key.
        byte[] garbage = new byte[bad.length];
        new Random(1).nextBytes(garbage);
        Share junk = new Share(shares.get(1).splitId(), shares.get(1).keyId(), "RSA", 2, 3, 2, garbage);
        assertThrows(CustodyException.class, () -> custody.recombine(List.of(shares.get(0), junk),
                pki.opening.cert()));
    }

    @Test
    void sharesOfDifferentSplitsOrDuplicateIndexesAreRefused() throws Exception {
        List<Share> a = custody.split(pki.opening.key(), pki.opening.cert(), 2, 3);
        List<Share> b = custody.split(pki.opening.key(), pki.opening.cert(), 2, 3);
        CustodyException mixed = assertThrows(CustodyException.class,
                () -> custody.recombine(List.of(a.get(0), b.get(1)), pki.opening.cert()));
        assertTrue(mixed.getMessage().contains("different splits"), mixed.getMessage());
        assertThrows(CustodyException.class, () -> custody.recombine(List.of(a.get(0), a.get(0))));
        // shares for the opening key are refused against another tender's certificate
        CustodyException other = assertThrows(CustodyException.class,
                () -> custody.recombine(a, pki.otherTender.cert()));
        assertTrue(other.getMessage().contains("another key"), other.getMessage());
    }

    @Test
    void ecKeySplitsToo() throws Exception {
        List<Share> shares = custody.split(pki.ec.key(), pki.ec.cert(), 2, 3);
        for (List<Share> subset : subsets(shares, 2)) {
            assertTrue(ShamirCustody.matches(custody.recombine(subset, pki.ec.cert()), pki.ec.cert()));
        }
    }

    @Test
    void matchesTellsWhetherTheKeyBelongsToTheCertificate() throws Exception {
        assertTrue(ShamirCustody.matches(pki.opening.key(), pki.opening.cert()));
        assertTrue(ShamirCustody.matches(pki.ec.key(), pki.ec.cert()));
        assertFalse(ShamirCustody.matches(pki.otherTender.key(), pki.opening.cert()));
        assertFalse(ShamirCustody.matches(pki.ec.key(), pki.opening.cert()));
        assertFalse(ShamirCustody.matches(pki.custodians.get(1).key(), pki.ec.cert()));
        assertThrows(IllegalArgumentException.class,
                () -> custody.split(pki.otherTender.key(), pki.opening.cert(), 2, 3));
        assertThrows(IllegalArgumentException.class, () -> custody.split(pki.opening.key(), pki.opening.cert(), 1, 3));
        assertThrows(IllegalArgumentException.class, () -> custody.split(pki.opening.key(), pki.opening.cert(), 4, 3));
    }

    @Test
    void sharesSealedToCustodiansRoundTripAndRebuildTheKey() throws Exception {
        List<Share> shares = custody.split(pki.opening.key(), pki.opening.cert(), 3, 5);
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sealed.add(custody.sealShare(shares.get(i), pki.custodians.get(i).cert()));
        }
        // after the deadline, custodians 5, 2 and 4 release their shares
        List<Share> released = new ArrayList<>();
        for (int i : new int[] {4, 1, 3}) {
            TestPki.Identity c = pki.custodians.get(i);
            Share s = custody.openShare(sealed.get(i), c.key(), c.cert());
            assertEquals(shares.get(i), s);
            released.add(s);
        }
        PrivateKey key = custody.recombine(released, pki.opening.cert());
        assertArrayEquals(pki.opening.key().getEncoded(), key.getEncoded());
        released.forEach(Share::wipe);
        assertTrue(allZero(released.get(0).value()));

        // a custodian cannot open another custodian's share
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> custody.openShare(sealed.get(0),
                pki.custodians.get(1).key(), pki.custodians.get(1).cert()));
        assertEquals(EnvelopeRejected.Reason.NOT_FOR_THIS_TENDER, e.reason());
        // a sealed share is authenticated
        byte[] altered = sealed.get(2).clone();
        altered[altered.length - 30] ^= 1;
        EnvelopeRejected t = assertThrows(EnvelopeRejected.class, () -> custody.openShare(altered,
                pki.custodians.get(2).key(), pki.custodians.get(2).cert()));
        assertEquals(EnvelopeRejected.Reason.TAMPERED, t.reason());
    }

    /** A custodian does not need our software: the sealed share is a CMS envelope OpenSSL opens. */
    @Test
    void custodianCanRecoverTheShareWithOpenssl() throws Exception {
        List<Share> shares = custody.split(pki.opening.key(), pki.opening.cert(), 2, 3);
        for (int i : new int[] {0, 1}) { // one RSA, one EC custodian
            TestPki.Identity c = pki.custodians.get(i);
            Path sealed = Files.write(tmp.resolve("share-" + (i + 1) + ".cms"),
                    custody.sealShare(shares.get(i), c.cert()));
            Path out = tmp.resolve("share-" + (i + 1) + ".der");
            OpenSsl.run(tmp, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", sealed, "-inkey", c.keyPem(),
                    "-recip", c.certPem(), "-out", out);
            assertEquals(shares.get(i), Share.decode(Files.readAllBytes(out)));
        }
    }

    @Test
    void shareEncodingRoundTripsAndNeverPrintsTheValue() throws Exception {
        Share s = custody.split(pki.ec.key(), pki.ec.cert(), 2, 3).get(2);
        assertEquals(s, Share.decode(s.encoded()));
        assertEquals(3, Share.decode(s.encoded()).index());
        assertTrue(s.toString().contains("<redacted>"));
        assertFalse(s.toString().contains(java.util.HexFormat.of().formatHex(s.value()).substring(0, 16)));
        assertThrows(CustodyException.class, () -> Share.decode(new byte[] {0x30, 0x00}));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<List<T>> subsets(List<T> items, int k) {
        List<List<T>> out = new ArrayList<>();
        collect(items, k, 0, new ArrayList<>(), out);
        return out;
    }

    private static <T> void collect(List<T> items, int k, int from, List<T> current, List<List<T>> out) {
        if (current.size() == k) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            current.add(items.get(i));
            collect(items, k, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }
}
