package cn.sunlight.bid.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.sunlight.bid.envelope.EnvelopeRejected.Reason;
import cn.sunlight.tender.CryptoSuite;

/**
 * The inspection of an upload already received into a file (hashed while written; the ciphertext is skipped by
 * seeking): the same verdicts as the streaming inspection, for a good envelope and for each framing fault that
 * only the end of the file shows.
 */
class StoredInspectionTest {

    private final TestPki pki = TestPki.get();
    private final EnvelopeInspector inspector = new EnvelopeInspector();

    @TempDir
    Path tmp;

    private Path sealed(int zipBytes) throws Exception {
        Path zip = TestFiles.bidZip(tmp.resolve("bid.zip"), zipBytes);
        Path cms = tmp.resolve("bid.cms");
        new EnvelopeSealer().seal(zip, cms, java.util.List.of(pki.opening.cert()));
        return cms;
    }

    private EnvelopeFacts stored(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        return inspector.inspectStoredSubmission(file, all.length, TestFiles.sha256(all), CryptoSuite.INTERNATIONAL);
    }

    @Test
    void aGoodEnvelopeGivesTheSameFactsAsTheStreamingInspection() throws Exception {
        Path cms = sealed(3 * 1024 * 1024 + 17);
        byte[] all = Files.readAllBytes(cms);
        EnvelopeFacts streamed = inspector.inspectSubmission(new ByteArrayInputStream(all), null, CryptoSuite.INTERNATIONAL);
        EnvelopeFacts fromFile = stored(cms);
        assertEquals(streamed.envelopeSize(), fromFile.envelopeSize());
        assertArrayEquals(streamed.sha256(), fromFile.sha256());
        assertEquals(streamed.encryptedContentLength(), fromFile.encryptedContentLength());
        assertEquals(streamed.contentEncryptionOid(), fromFile.contentEncryptionOid());
        assertEquals(streamed.recipients(), fromFile.recipients());
        assertEquals(1, fromFile.recipients().stream().filter(r -> r.matches(pki.opening.cert())).count());
    }

    @Test
    void aFileCutInTheCiphertextIsTruncated() throws Exception {
        byte[] all = Files.readAllBytes(sealed(200_000));
        Path cut = Files.write(tmp.resolve("cut.cms"), Arrays.copyOf(all, all.length / 2));
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> stored(cut));
        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
        assertEquals(all.length / 2, e.bytesRead());
    }

    @Test
    void aFileCutInTheMacIsTruncated() throws Exception {
        byte[] all = Files.readAllBytes(sealed(200_000));
        Path cut = Files.write(tmp.resolve("cut.cms"), Arrays.copyOf(all, all.length - 5));
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> stored(cut));
        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
    }

    @Test
    void bytesAfterTheEnvelopeAreRefused() throws Exception {
        byte[] all = Files.readAllBytes(sealed(200_000));
        Path extended = Files.write(tmp.resolve("extended.cms"), Arrays.copyOf(all, all.length + 100));
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> stored(extended));
        assertEquals(Reason.TRAILING_DATA, e.reason());
        assertEquals(all.length + 100, e.bytesRead());
    }

    @Test
    void randomBytesAreNotCmsAndTheRefusalNamesTheHashReceived() throws Exception {
        byte[] junk = new byte[300_000];
        new Random(3).nextBytes(junk);
        junk[0] = 0x42;
        Path file = Files.write(tmp.resolve("junk"), junk);
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> stored(file));
        assertEquals(Reason.NOT_CMS, e.reason());
        assertArrayEquals(TestFiles.sha256(junk), e.sha256());
    }

    @Test
    void aSizeAboveTheLimitIsTooLarge() throws Exception {
        Path cms = sealed(50_000);
        byte[] all = Files.readAllBytes(cms);
        EnvelopeRejected e = assertThrows(EnvelopeRejected.class, () -> new EnvelopeInspector(1000)
                .inspectStoredSubmission(cms, all.length, TestFiles.sha256(all), CryptoSuite.INTERNATIONAL));
        assertEquals(Reason.TOO_LARGE, e.reason());
    }
}
