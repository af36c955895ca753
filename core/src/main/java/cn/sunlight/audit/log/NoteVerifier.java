package cn.sunlight.audit.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Verifies signed notes against a fixed set of trusted {@link VerifierKey}s, following C2SP
 * signed-note: signatures whose (key name, key ID) match no trusted key are ignored; a signature from a
 * trusted key that fails to verify rejects the whole note; a note with no verified signature is
 * rejected. Thread-safe.
 */
public final class NoteVerifier {

    private final List<VerifierKey> keys;

    public NoteVerifier(Collection<VerifierKey> keys) {
        this.keys = List.copyOf(keys);
        if (this.keys.isEmpty()) {
            throw new IllegalArgumentException("no verifier keys");
        }
        for (int i = 0; i < this.keys.size(); i++) {
            for (int j = i + 1; j < this.keys.size(); j++) {
                VerifierKey a = this.keys.get(i);
                VerifierKey b = this.keys.get(j);
                if (a.name().equals(b.name()) && a.keyId() == b.keyId()) {
                    throw new IllegalArgumentException("ambiguous verifier keys for " + a.name());
                }
            }
        }
    }

    public static NoteVerifier of(VerifierKey... keys) {
        return new NoteVerifier(List.of(keys));
    }

    public List<VerifierKey> keys() {
        return keys;
    }

    /** Parses and verifies an encoded note. */
    public VerifiedNote verify(String encoded) throws NoteVerificationException {
        SignedNote note;
        try {
            note = SignedNote.parse(encoded);
        } catch (IllegalArgumentException e) {
            throw new NoteVerificationException(NoteVerificationException.Reason.MALFORMED, e.getMessage(), e);
        }
        return verify(note);
    }

    /** Verifies a parsed note. */
    public VerifiedNote verify(SignedNote note) throws NoteVerificationException {
        List<VerifiedNote.Verified> ok = new ArrayList<>();
        for (NoteSignature sig : note.signatures()) {
            for (VerifierKey key : keys) {
                if (!key.matches(sig)) {
                    continue;
                }
                if (!key.verify(note.text(), sig.signature())) {
                    throw new NoteVerificationException(NoteVerificationException.Reason.INVALID_SIGNATURE,
                            "signature by " + key.name() + " does not verify");
                }
                ok.add(new VerifiedNote.Verified(key, sig));
            }
        }
        if (ok.isEmpty()) {
            throw new NoteVerificationException(NoteVerificationException.Reason.NO_KNOWN_SIGNATURE,
                    "no signature from a trusted key");
        }
        return new VerifiedNote(note.text(), ok);
    }
}
