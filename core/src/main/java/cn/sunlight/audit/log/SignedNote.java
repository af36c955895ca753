package cn.sunlight.audit.log;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines
 * {@code — <key name> base64(key ID || signature)}. This class only handles the format; it trusts
 * nothing. Use {@link NoteVerifier} before believing the text.
 *
 * @param text       the note text, including its final newline but not the separating blank line
 * @param signatures the signature lines, in order (at least one)
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    public SignedNote {
        if (!NoteText.isValidText(text)) {
            throw new IllegalArgumentException("note text must be non-empty, end with a newline and contain no control characters");
        }
        signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signature");
        }
        if (signatures.size() > NoteText.MAX_SIGNATURES) {
            throw new IllegalArgumentException("more than " + NoteText.MAX_SIGNATURES + " signatures");
        }
    }

    /** Parses the UTF-8 bytes of a signed note; {@code IllegalArgumentException} if malformed. */
    public static SignedNote parse(byte[] encoded) {
        try {
            return parse(NoteText.decodeUtf8(encoded));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("signed note is not valid UTF-8", e);
        }
    }

    /**
     * Parses a signed note. The text ends at the last blank line; everything after it must be signature
     * lines, each ending in a newline.
     */
    public static SignedNote parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (!NoteText.hasNoControlChars(encoded) || !NoteText.isWellFormed(encoded)) {
            throw new IllegalArgumentException("signed note contains control characters or invalid UTF-16");
        }
        int split = encoded.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("signed note has no blank line before its signatures");
        }
        String text = encoded.substring(0, split + 1);
        String sigs = encoded.substring(split + 2);
        if (sigs.isEmpty() || !sigs.endsWith("\n")) {
            throw new IllegalArgumentException("signed note must end with newline-terminated signature lines");
        }
        List<NoteSignature> out = new ArrayList<>();
        int start = 0;
        while (start < sigs.length()) {
            int end = sigs.indexOf('\n', start);
            if (out.size() == NoteText.MAX_SIGNATURES) {
                throw new IllegalArgumentException("more than " + NoteText.MAX_SIGNATURES + " signatures");
            }
            out.add(NoteSignature.parseLine(sigs.substring(start, end)));
            start = end + 1;
        }
        return new SignedNote(text, out);
    }

    /** The encoded note: text, blank line, signature lines. */
    public String format() {
        StringBuilder sb = new StringBuilder(text.length() + 1 + 120 * signatures.size());
        sb.append(text).append('\n');
        for (NoteSignature s : signatures) {
            sb.append(s.line()).append('\n');
        }
        return sb.toString();
    }

    /** {@link #format()} as UTF-8. */
    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * This note with {@code signature} appended; an existing signature from the same key (name and key
     * ID) is replaced.
     */
    public SignedNote withSignature(NoteSignature signature) {
        Objects.requireNonNull(signature, "signature");
        List<NoteSignature> out = new ArrayList<>(signatures.size() + 1);
        for (NoteSignature s : signatures) {
            if (!s.isFrom(signature.name(), signature.keyId())) {
                out.add(s);
            }
        }
        out.add(signature);
        return new SignedNote(text, out);
    }

    @Override
    public String toString() {
        return format();
    }
}
