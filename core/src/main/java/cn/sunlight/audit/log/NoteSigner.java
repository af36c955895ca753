package cn.sunlight.audit.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Signs notes with an Ed25519 key, either as a plain note signature (type 0x01, what the log puts on
 * its checkpoints) or as a C2SP tlog-cosignature {@code cosignature/v1} (type 0x04, what a witness adds;
 * only checkpoints can be cosigned). Thread-safe.
 */
public final class NoteSigner {

    private final String name;
    private final PrivateKey privateKey;
    private final VerifierKey verifierKey;
    private final Clock clock;

    private NoteSigner(String name, PrivateKey privateKey, PublicKey publicKey, byte type, Clock clock) {
        if (!NoteText.isValidKeyName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!Ed25519Keys.matches(privateKey, publicKey)) {
            throw new IllegalArgumentException("private and public key do not form an Ed25519 key pair");
        }
        this.name = name;
        this.privateKey = privateKey;
        this.verifierKey = type == VerifierKey.TYPE_ED25519
                ? VerifierKey.ed25519(name, publicKey) : VerifierKey.cosignatureV1(name, publicKey);
        this.clock = clock;
    }

    /** Plain Ed25519 note signer (type 0x01). The key name of a log SHOULD equal its checkpoint origin. */
    public static NoteSigner ed25519(String name, KeyPair keyPair) {
        return new NoteSigner(name, keyPair.getPrivate(), keyPair.getPublic(), VerifierKey.TYPE_ED25519, null);
    }

    /** Plain Ed25519 note signer from separate keys (for instance a seed and its public key). */
    public static NoteSigner ed25519(String name, PrivateKey privateKey, PublicKey publicKey) {
        return new NoteSigner(name, privateKey, publicKey, VerifierKey.TYPE_ED25519, null);
    }

    /** Witness cosigner (cosignature/v1, type 0x04) taking its timestamps from {@code clock}. */
    public static NoteSigner cosignatureV1(String name, KeyPair keyPair, Clock clock) {
        return new NoteSigner(name, keyPair.getPrivate(), keyPair.getPublic(), VerifierKey.TYPE_COSIGNATURE_V1,
                Objects.requireNonNull(clock, "clock"));
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return verifierKey.keyId();
    }

    /** The verifier key to hand out (for instance to supervisors), in {@link VerifierKey#toString()} form. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** The signature line this signer makes over {@code text}. */
    public NoteSignature signatureFor(String text) {
        if (!NoteText.isValidText(text)) {
            throw new IllegalArgumentException("note text must be non-empty, end with a newline and contain no control characters");
        }
        byte[] sig;
        if (verifierKey.type() == VerifierKey.TYPE_ED25519) {
            sig = Ed25519Keys.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
        } else {
            Checkpoint.parse(text); // only checkpoints are cosigned
            long timestamp = clock.instant().getEpochSecond();
            if (timestamp < 0) {
                throw new IllegalStateException("clock before 1970");
            }
            byte[] ed = Ed25519Keys.sign(privateKey, VerifierKey.cosignedMessage(timestamp, text));
            sig = ByteBuffer.allocate(8 + ed.length).putLong(timestamp).put(ed).array();
        }
        return new NoteSignature(name, verifierKey.keyId(), sig);
    }

    /** A new signed note over {@code text} carrying this signer's signature only. */
    public SignedNote sign(String text) {
        return new SignedNote(text, List.of(signatureFor(text)));
    }

    /**
     * {@code note} with this signer's signature added after the existing ones (replacing an earlier
     * signature by the same key). The existing signatures are not checked.
     */
    public SignedNote addSignature(SignedNote note) {
        return note.withSignature(signatureFor(note.text()));
    }
}
