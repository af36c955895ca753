package cn.sunlight.bench;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeSealer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds one bid as the bidder tool would, streaming through files so that no bid is ever held in memory:
 * a ZIP (opening-form.json, a short technical text and incompressible random filler) is written to a file, sealed
 * with {@link EnvelopeSealer} to the tender's opening certificate and the bidder's own encryption certificate,
 * hashed while it is written, and the bid statement (tender, lot, SHA-256, size) is signed with the bidder's key.
 */
final class BidBuilder {

    record Bid(Path envelope, long size, String sha256Hex, String signatureBase64) {
    }

    private static final int CHUNK = 1 << 20;

    private BidBuilder() {
    }

    static Bid build(Path dir, String name, long fillerBytes, long seed, String tenderCode, int lot, String organisationCode,
                     String price,
                     List<X509Certificate> recipients, PrivateKey signingKey) throws IOException, GeneralSecurityException {
        Path plain = dir.resolve(name + ".zip");
        Path envelope = dir.resolve(name + ".p7m");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(plain), CHUNK);
             ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.NO_COMPRESSION); // random filler does not compress; do not spend CPU trying
            zip.putNextEntry(new ZipEntry("opening-form.json"));
            zip.write(("{\"price\":\"" + price + "\",\"duration\":\"90 日历天\",\"quality\":\"合格\",\"projectManager\":\"项目经理 "
                    + name + "\"}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("technical.txt"));
            zip.write(("技术方案 " + name).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("drawings.bin"));
            SplittableRandom random = new SplittableRandom(seed);
            byte[] buf = new byte[CHUNK];
            long left = fillerBytes;
            while (left > 0) {
                int n = (int) Math.min(buf.length, left);
                random.nextBytes(buf);
                zip.write(buf, 0, n);
                left -= n;
            }
            zip.closeEntry();
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size;
        try (InputStream in = Files.newInputStream(plain);
             OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(envelope), CHUNK), sha)) {
            size = new EnvelopeSealer().seal(in, Files.size(plain), out, recipients);
        } finally {
            Files.deleteIfExists(plain);
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (size != Files.size(envelope)) {
            throw new IllegalStateException("sealer reported " + size + " bytes, file has " + Files.size(envelope));
        }
        String statement = BidStatement.text(tenderCode, lot, organisationCode, hex, size);
        String signature = Base64.getEncoder().encodeToString(BidStatement.sign(statement, signingKey));
        return new Bid(envelope, size, hex, signature);
    }
}
