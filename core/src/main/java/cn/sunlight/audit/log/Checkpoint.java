package cn.sunlight.audit.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The body of a C2SP tlog-checkpoint: origin, tree size and root hash, one per line, optionally
 * followed by non-empty extension lines (this log writes none):
 * <pre>
 * origin\n
 * size\n
 * base64(root)\n
 * </pre>
 *
 * @param origin     the log's unique identity, non-empty
 * @param size       the number of leaves
 * @param rootHash   the 32-byte RFC 9162 root hash of the first {@code size} leaves
 * @param extensions extension lines, without newlines
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.indexOf('\n') >= 0 || !NoteText.hasNoControlChars(origin)
                || !NoteText.isWellFormed(origin)) {
            throw new IllegalArgumentException("invalid origin");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (rootHash == null || rootHash.length != MerkleHashes.HASH_SIZE) {
            throw new IllegalArgumentException("root hash must be 32 bytes");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.indexOf('\n') >= 0 || !NoteText.hasNoControlChars(e) || !NoteText.isWellFormed(e)) {
                throw new IllegalArgumentException("invalid extension line");
            }
        }
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text: {@code origin\nsize\nbase64(root)\n} plus any extension lines. */
    public String body() {
        StringBuilder sb = new StringBuilder();
        sb.append(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        for (String e : extensions) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses a checkpoint body (the text of a signed note). Sizes must be canonical decimal (no sign, no
     * leading zero), the root canonical base64 of 32 bytes.
     */
    public static Checkpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("checkpoint needs origin, size and root hash lines");
        }
        String sizeLine = lines[1];
        if (sizeLine.isEmpty() || sizeLine.length() > 19 || !sizeLine.chars().allMatch(c -> c >= '0' && c <= '9')
                || (sizeLine.length() > 1 && sizeLine.charAt(0) == '0')) {
            throw new IllegalArgumentException("invalid tree size line");
        }
        long size;
        try {
            size = Long.parseLong(sizeLine);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tree size out of range", e);
        }
        byte[] root = NoteText.decodeBase64Strict(lines[2]);
        if (root == null || root.length != MerkleHashes.HASH_SIZE) {
            throw new IllegalArgumentException("root hash line is not base64 of 32 bytes");
        }
        List<String> ext = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
        return new Checkpoint(lines[0], size, root, ext);
    }

    /** The checkpoint in a note whose signatures were verified. */
    public static Checkpoint from(VerifiedNote note) {
        return parse(note.text());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.rootHash, rootHash) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + Base64.getEncoder().encodeToString(rootHash) + "]";
    }
}
