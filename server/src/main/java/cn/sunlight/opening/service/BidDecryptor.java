package cn.sunlight.opening.service;

import cn.sunlight.bid.SealedBid;
import cn.sunlight.bid.envelope.EnvelopeOpener;
import cn.sunlight.bid.envelope.EnvelopeRejected;
import cn.sunlight.bid.envelope.OpenedEnvelope;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.storage.BlobStore;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens one sealed bid, by the bidder's content key (path 1) or the rebuilt opening key (path 2).
 * Plaintext goes to a quarantine file and is accepted only once the GCM tag (AES-GCM or SM4-GCM) verified at
 * the end of the stream and the envelope read hashes to what was received and signed at submission; it is then kept in the blob store for evaluation, and the opening form is read from it.
 * Who is at fault decides the consequence (电子招标投标办法 Art. 31): the stored envelope is exactly what
 * the bidder signed, so an envelope that fails to open is the bidder's fault (revoked); a stored blob
 * that no longer matches its hash is the platform's (withdrawn).
 */
@ApplicationScoped
public class BidDecryptor {

    private final BlobStore blobs;

    public BidDecryptor(BlobStore blobs) {
        this.blobs = blobs;
    }

    public OpenedBid withContentKey(SealedBid bid, byte[] contentKey, Instant now) {
        return open(bid, OpenedBid.Path.BIDDER_KEY, now, (in, quarantine) -> opener(bid).openWithContentKey(in, contentKey, quarantine));
    }

    public OpenedBid withOpeningKey(SealedBid bid, PrivateKey key, X509Certificate certificate, Instant now) {
        return open(bid, OpenedBid.Path.CUSTODIANS, now, (in, quarantine) -> opener(bid).open(in, key, certificate, quarantine));
    }

    /** The tender's suite decides the algorithms the opening accepts (AES-256-GCM, or SM4-GCM with SM2). */
    private static EnvelopeOpener opener(SealedBid bid) {
        return new EnvelopeOpener(bid.tender.cryptoSuite);
    }

    private interface Opening {
        OpenedEnvelope open(InputStream envelope, Path quarantine) throws EnvelopeRejected, IOException;
    }

    private OpenedBid open(SealedBid bid, OpenedBid.Path path, Instant now, Opening opening) {
        Path quarantine = null;
        try (InputStream in = blobs.open(bid.envelopeSha256)) {
            quarantine = blobs.newTempFile();
            Files.delete(quarantine); // the opener creates it only once the content authenticated
            OpenedEnvelope opened = opening.open(in, quarantine);
            if (!java.util.HexFormat.of().formatHex(opened.envelopeSha256()).equals(bid.envelopeSha256)) {
                return OpenedBid.failed(bid, "存储的投标文件与递交时的哈希不符（平台原因） / the stored envelope no longer matches its hash",
                        OpenedBid.Consequence.WITHDRAWN, now);
            }
            JsonNode form = openingForm(opened.plaintext());
            if (form == null || !form.hasNonNull("price")) {
                return OpenedBid.failed(bid, "投标文件缺少有效的开标一览表 opening-form.json（须含 price） / opening-form.json missing or without price",
                        OpenedBid.Consequence.REVOKED, now);
            }
            BigDecimal price;
            try {
                price = new BigDecimal(form.get("price").asText().replace(",", "").trim());
            } catch (NumberFormatException e) {
                return OpenedBid.failed(bid, "开标一览表中的投标报价不是数字 / the price in opening-form.json is not a number",
                        OpenedBid.Consequence.REVOKED, now);
            }
            BlobStore.Stored plain;
            try (InputStream p = Files.newInputStream(opened.plaintext())) {
                plain = blobs.put(p, Long.MAX_VALUE);
            }
            // The opening form is kept as the bidder wrote it (its order and figures): the record shows it, nothing hashes it.
            return OpenedBid.decrypted(bid, path, form.toString(), price, plain.sha256(),
                    CanonicalJson.write(documentHashes(opened.plaintext())), now);
        } catch (EnvelopeRejected e) {
            return OpenedBid.failed(bid, "解密失败：" + e.messageZh() + " / decryption failed: " + e.messageEn(),
                    OpenedBid.Consequence.REVOKED, now);
        } catch (IOException | java.io.UncheckedIOException e) {
            return OpenedBid.failed(bid, "投标文件无法读取（平台原因） / the stored envelope cannot be read: " + e.getMessage(),
                    OpenedBid.Consequence.WITHDRAWN, now);
        } finally {
            if (quarantine != null) {
                try {
                    Files.deleteIfExists(quarantine);
                } catch (IOException ignored) {
                    // swept with the blob store's temp directory
                }
            }
        }
    }

    /** SHA-256 of each document in the bid (not the opening form, which every bid has). */
    private static java.util.Map<String, String> documentHashes(Path zip) throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var entries = z.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || e.getName().equals("opening-form.json")) {
                    continue;
                }
                try (InputStream in = z.getInputStream(e)) {
                    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                    }
                    out.put(e.getName(), java.util.HexFormat.of().formatHex(sha.digest()));
                } catch (java.security.NoSuchAlgorithmException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return out;
    }

    private static JsonNode openingForm(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry("opening-form.json");
            if (e == null) {
                return null;
            }
            try (InputStream in = z.getInputStream(e)) {
                JsonNode n = CanonicalJson.mapper().readTree(in);
                return n != null && n.isObject() ? n : null;
            }
        } catch (IOException e) {
            return null;
        }
    }
}
