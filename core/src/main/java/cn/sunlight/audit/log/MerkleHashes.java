package cn.sunlight.audit.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 section 2.1.1 hashing with SHA-256: leaf hash {@code H(0x00 || entry)}, interior node hash
 * {@code H(0x01 || left || right)}, and the hash of the empty tree {@code H("")}.
 *
 * <p>All methods return fresh arrays and are thread-safe.
 */
public final class MerkleHashes {

    /** Size in bytes of every hash in the tree. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHashes::newSha256);

    private MerkleHashes() {
    }

    /** {@code SHA-256("")}, the root of the tree of size 0. */
    public static byte[] emptyRoot() {
        return digest().digest();
    }

    /** {@code SHA-256(0x00 || entry)}. */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest md = digest();
        md.update(LEAF_PREFIX);
        md.update(entry);
        return md.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = digest();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** Plain {@code SHA-256(data)}. */
    public static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    /** Constant-time equality of two hashes; {@code false} if either is null. */
    public static boolean equal(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static MessageDigest digest() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
