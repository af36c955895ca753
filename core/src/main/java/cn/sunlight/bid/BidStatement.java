package cn.sunlight.bid;

import cn.sunlight.crypto.CryptoProviders;
import cn.sunlight.crypto.EcdsaVerifier;
import cn.sunlight.crypto.KeyPairs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * What a bidder signs for each submission: tender, lot, the bidder's organisation (its unified social credit code),
 * SHA-256 of the envelope and its size (crypto.md). The platform re-hashes the upload while streaming and checks the
 * signature against the bytes it actually received, so a bid cannot be swapped in transit or disowned later. The
 * platform rebuilds the statement with the caller's own organisation, so a signature made for another organisation (or
 * for none, the older statement versions) does not verify: the signature binds who bids, not only what.
 */
public final class BidStatement {

    /** The national suite's signature: SM3 hash, SM2 signature (GB/T 32918.2). */
    public static final String SM2_SIGNATURE = "SM3withSM2";

    private BidStatement() {
    }

    /** {@code organisationCode}: the bidder's unified social credit code (GB 32100-2015). */
    public static String text(String tenderCode, int lot, String organisationCode, String envelopeSha256Hex, long size) {
        return "sunlight-bid/2\ntender=" + tenderCode + "\nlot=" + lot + "\norg=" + organisationCode
                + "\nsha256=" + envelopeSha256Hex + "\nsize=" + size + "\n";
    }

    /**
     * A withdrawal names the version it withdraws and that version's envelope hash, so a signed
     * withdrawal cannot be replayed against a later submission.
     */
    public static String withdrawalText(String tenderCode, int lot, String organisationCode, int withdrawnVersion,
                                        String envelopeSha256Hex) {
        return "sunlight-withdrawal/3\ntender=" + tenderCode + "\nlot=" + lot + "\norg=" + organisationCode
                + "\nversion=" + withdrawnVersion + "\nsha256=" + envelopeSha256Hex + "\n";
    }

    /**
     * The signature algorithm for a bidder's key: SM3withSM2 for SM2 keys (national suite; Bouncy Castle, with the
     * default GM/T 0009 distinguishing identifier 1234567812345678, which OpenSSL checks with
     * {@code -sigopt distid:1234567812345678}), otherwise the international SHA-256 algorithms.
     */
    public static String algorithm(PublicKey key) {
        if (KeyPairs.isSm2(key)) {
            return SM2_SIGNATURE;
        }
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported signing key " + key.getAlgorithm());
        };
    }

    public static byte[] sign(String statement, PrivateKey key) throws GeneralSecurityException {
        Signature s = KeyPairs.isSm2(key) ? Signature.getInstance(SM2_SIGNATURE, CryptoProviders.bouncyCastle())
                : Signature.getInstance(switch (key.getAlgorithm()) {
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
            String algorithm = algorithm(key);
            if ("SHA256withECDSA".equals(algorithm)) {
                // Every quote of an online auction comes here: the native verifier when it loaded (EcdsaVerifier).
                return EcdsaVerifier.verify(algorithm, key, statement.getBytes(StandardCharsets.UTF_8), signature);
            }
            Signature s = SM2_SIGNATURE.equals(algorithm)
                    ? Signature.getInstance(algorithm, CryptoProviders.bouncyCastle()) : Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(statement.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
