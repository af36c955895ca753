package cn.sunlight.audit.log;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <name> base64(keyId || signature)}, where the key ID is
 * a big-endian uint32.
 */
public final class NoteSignature {

    /** The em dash (U+2014) and space that start every signature line. */
    public static final String LINE_PREFIX = "\u2014 ";

    private final String name;
    private final int keyId;
    private final byte[] signature;

    public NoteSignature(String name, int keyId, byte[] signature) {
        if (!NoteText.isValidKeyName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new IllegalArgumentException("empty signature");
        }
        this.name = name;
        this.keyId = keyId;
        this.signature = signature.clone();
    }

    /** Parses a signature line without its newline; {@code IllegalArgumentException} if malformed. */
    public static NoteSignature parseLine(String line) {
        if (!line.startsWith(LINE_PREFIX)) {
            throw new IllegalArgumentException("signature line does not start with an em dash and a space");
        }
        String rest = line.substring(LINE_PREFIX.length());
        int sp = rest.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("signature line lacks a key name");
        }
        String name = rest.substring(0, sp);
        byte[] blob = NoteText.decodeBase64Strict(rest.substring(sp + 1));
        if (blob == null || blob.length < 5) {
            throw new IllegalArgumentException("signature of " + name + " is not base64 of key ID and signature");
        }
        return new NoteSignature(name, ByteBuffer.wrap(blob, 0, 4).getInt(), Arrays.copyOfRange(blob, 4, blob.length));
    }

    public String name() {
        return name;
    }

    /** The 4-byte key ID as a (possibly negative) int. */
    public int keyId() {
        return keyId;
    }

    /** The algorithm-specific signature bytes, without the key ID. */
    public byte[] signature() {
        return signature.clone();
    }

    /** {@code base64(keyId || signature)}. */
    public String base64() {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array());
    }

    /** The signature line, without its newline. */
    public String line() {
        return LINE_PREFIX + name + " " + base64();
    }

    /** Whether this signature was made by the key with this name and ID. */
    public boolean isFrom(String keyName, int id) {
        return name.equals(keyName) && keyId == id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.name.equals(name) && s.keyId == keyId && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + keyId) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line();
    }
}
