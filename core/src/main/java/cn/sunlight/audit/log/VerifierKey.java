package cn.sunlight.audit.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A public key that can check note signatures, in the C2SP signed-note verifier key encoding
 * {@code <name>+<8 hex digits of key ID>+base64(<type byte> || <public key>)}.
 *
 * <p>Supported types: {@link #TYPE_ED25519} (0x01, Ed25519 over the note text) and
 * {@link #TYPE_COSIGNATURE_V1} (0x04, C2SP tlog-cosignature {@code cosignature/v1}: Ed25519 over
 * {@code "cosignature/v1\ntime <t>\n" || text}, the signature being the 8-byte big-endian timestamp
 * followed by the Ed25519 signature). The key ID is always
 * {@code SHA-256(name || 0x0A || type || public key)[:4]}.
 */
public final class VerifierKey {

    public static final byte TYPE_ED25519 = 0x01;
    public static final byte TYPE_COSIGNATURE_V1 = 0x04;

    static final String COSIGNATURE_V1_HEADER = "cosignature/v1\n";

    private final String name;
    private final byte type;
    private final byte[] rawKey;
    private final int keyId;
    private final PublicKey publicKey;

    private VerifierKey(String name, byte type, byte[] rawKey) {
        if (!NoteText.isValidKeyName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        if (type != TYPE_ED25519 && type != TYPE_COSIGNATURE_V1) {
            throw new IllegalArgumentException(String.format("unsupported signature type 0x%02x", type));
        }
        this.name = name;
        this.type = type;
        this.rawKey = rawKey.clone();
        this.publicKey = Ed25519Keys.publicKey(this.rawKey);
        this.keyId = keyId(name, type, this.rawKey);
    }

    /** A verifier for Ed25519 note signatures (type 0x01). */
    public static VerifierKey ed25519(String name, PublicKey key) {
        return new VerifierKey(name, TYPE_ED25519, Ed25519Keys.rawPublicKey(key));
    }

    /** A verifier for timestamped Ed25519 witness cosignatures (type 0x04). */
    public static VerifierKey cosignatureV1(String name, PublicKey key) {
        return new VerifierKey(name, TYPE_COSIGNATURE_V1, Ed25519Keys.rawPublicKey(key));
    }

    /**
     * Parses {@code name+hexkeyid+base64(type||key)}; the key ID must equal the one computed from the
     * name, type and key.
     */
    public static VerifierKey parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        int p1 = encoded.indexOf('+');
        int p2 = p1 < 0 ? -1 : encoded.indexOf('+', p1 + 1);
        if (p1 <= 0 || p2 < 0) {
            throw new IllegalArgumentException("verifier key must be name+keyid+key");
        }
        String name = encoded.substring(0, p1);
        String hex = encoded.substring(p1 + 1, p2);
        if (hex.length() != 8 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            throw new IllegalArgumentException("verifier key ID must be 8 hex digits");
        }
        byte[] blob = NoteText.decodeBase64Strict(encoded.substring(p2 + 1));
        if (blob == null || blob.length != 1 + Ed25519Keys.KEY_SIZE) {
            throw new IllegalArgumentException("verifier key material must be base64 of a type byte and a 32-byte key");
        }
        VerifierKey key = new VerifierKey(name, blob[0], Arrays.copyOfRange(blob, 1, blob.length));
        if (key.keyId != (int) Long.parseLong(hex, 16)) {
            throw new IllegalArgumentException("verifier key ID " + hex + " does not match the key");
        }
        return key;
    }

    /** {@code SHA-256(name || 0x0A || type || key)[:4]} as a big-endian int. */
    public static int keyId(String name, byte type, byte[] rawKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update(type);
            md.update(rawKey);
            return ByteBuffer.wrap(md.digest()).getInt();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public byte type() {
        return type;
    }

    /** The 32-byte Ed25519 public key. */
    public byte[] rawPublicKey() {
        return rawKey.clone();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Whether {@code signature} is a line from this key (same name and key ID). */
    public boolean matches(NoteSignature signature) {
        return signature.isFrom(name, keyId);
    }

    /**
     * Checks the signature bytes (without key ID) of a note text. For cosignatures, the timestamp must
     * not exceed {@code 2^63 - 1}.
     */
    public boolean verify(String text, byte[] signature) {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        if (type == TYPE_ED25519) {
            return Ed25519Keys.verify(publicKey, msg, signature);
        }
        if (signature.length != 8 + Ed25519Keys.SIGNATURE_SIZE) {
            return false;
        }
        long timestamp = ByteBuffer.wrap(signature, 0, 8).getLong();
        if (timestamp < 0) {
            return false;
        }
        return Ed25519Keys.verify(publicKey, cosignedMessage(timestamp, text),
                Arrays.copyOfRange(signature, 8, signature.length));
    }

    /** The timestamp of a type-0x04 cosignature's bytes (without key ID), if well-formed. */
    public static OptionalLong cosignatureTimestamp(byte[] signature) {
        if (signature.length != 8 + Ed25519Keys.SIGNATURE_SIZE) {
            return OptionalLong.empty();
        }
        long t = ByteBuffer.wrap(signature, 0, 8).getLong();
        return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** {@code "cosignature/v1\ntime <t>\n" || text}, the message an Ed25519 cosignature signs. */
    static byte[] cosignedMessage(long timestamp, String text) {
        return (COSIGNATURE_V1_HEADER + "time " + timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    /** The C2SP verifier key encoding, key ID in lower-case hex. */
    @Override
    public String toString() {
        byte[] blob = new byte[1 + rawKey.length];
        blob[0] = type;
        System.arraycopy(rawKey, 0, blob, 1, rawKey.length);
        return name + "+" + HexFormat.of().toHexDigits(keyId).toLowerCase(Locale.ROOT) + "+"
                + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.name.equals(name) && k.type == type && Arrays.equals(k.rawKey, rawKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + type) + Arrays.hashCode(rawKey);
    }
}
