package cn.sunlight.bid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * What a bidder signs for each submission: tender, lot, SHA-256 of the envelope and its size
 * (crypto.md). The platform re-hashes the upload while streaming and checks the signature against the
 * bytes it actually received, so a bid cannot be swapped in transit or disowned later.
 */
public final class BidStatement {

    private BidStatement() {
    }

    public static String text(String tenderCode, int lot, String envelopeSha256Hex, long size) {
        return "sunlight-bid/1\ntender=" + tenderCode + "\nlot=" + lot + "\nsha256=" + envelopeSha256Hex + "\nsize=" + size + "\n";
    }

    /**
     * A withdrawal names the version it withdraws and that version's envelope hash, so a signed
     * withdrawal cannot be replayed against a later submission.
     */
    public static String withdrawalText(String tenderCode, int lot, int withdrawnVersion, String envelopeSha256Hex) {
        return "sunlight-withdrawal/2\ntender=" + tenderCode + "\nlot=" + lot + "\nversion=" + withdrawnVersion
                + "\nsha256=" + envelopeSha256Hex + "\n";
    }

    public static String algorithm(PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported signing key " + key.getAlgorithm());
        };
    }

    public static byte[] sign(String statement, PrivateKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance(switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        });
        s.initSign(key);
        s.update(statement.getBytes(StandardCharsets.UTF_8));
        return s.sign();
    }

    public static boolean verify(String statement, byte[] signature, PublicKey key) {
        try {
            Signature s = Signature.getInstance(algorithm(key));
            s.initVerify(key);
            s.update(statement.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
