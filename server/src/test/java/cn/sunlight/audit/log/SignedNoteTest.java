package cn.sunlight.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SignedNoteTest {

    /*
     * The example of golang.org/x/mod/sumdb/note (package documentation and note_test.go): verifier key,
     * the base64 of the private key's (type || seed), text and the note Go produces.
     */
    private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_SKEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT + "\n"
            + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);

    private static Checkpoint checkpoint(long size) {
        byte[] root = MerkleHashes.sha256(("root " + size).getBytes(StandardCharsets.UTF_8));
        return new Checkpoint("sunlight.example/log", size, root);
    }

    @Test
    void goReferenceNoteVerifiesAndIsReproducedByteForByte() throws Exception {
        VerifierKey vkey = VerifierKey.parse(GO_VKEY);
        assertEquals("PeterNeumann", vkey.name());
        assertEquals(0xc74f20a3, vkey.keyId());
        assertEquals(GO_VKEY, vkey.toString());

        VerifiedNote ok = NoteVerifier.of(vkey).verify(GO_NOTE);
        assertEquals(GO_TEXT, ok.text());

        // Ed25519 is deterministic: the JDK signer with Go's seed must produce Go's note exactly.
        byte[] material = Base64.getDecoder().decode(GO_SKEY_MATERIAL);
        assertEquals(VerifierKey.TYPE_ED25519, material[0]);
        NoteSigner signer = NoteSigner.ed25519("PeterNeumann",
                Ed25519Keys.privateKeyFromSeed(Arrays.copyOfRange(material, 1, 33)), vkey.publicKey());
        assertEquals(vkey, signer.verifierKey());
        assertEquals(GO_NOTE, signer.sign(GO_TEXT).format());
        assertEquals(GO_NOTE, SignedNote.parse(GO_NOTE.getBytes(StandardCharsets.UTF_8)).format());

        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE,
                () -> NoteVerifier.of(vkey).verify(GO_NOTE.replace("cryptography", "cryptographY")));
    }

    @Test
    void verifierKeyEncodings() {
        // transparency-dev/formats note tests: a type-0x01 key whose base64 contains '+', and a 0x04 key.
        VerifierKey plus = VerifierKey.parse("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
        assertEquals(VerifierKey.TYPE_ED25519, plus.type());
        VerifierKey cosig = VerifierKey.parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
        assertEquals(VerifierKey.TYPE_COSIGNATURE_V1, cosig.type());
        assertEquals(0xda77ade7, cosig.keyId());
        assertEquals(VerifierKey.parse(GO_VKEY), VerifierKey.parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));

        for (String bad : List.of(
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // wrong key ID
                "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",    // short key ID
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",    // bad base64
                "PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // unknown type
                "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // space in name
                "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+c74f20a3")) {
            assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(bad), bad);
        }
        KeyPair kp = Ed25519Keys.generate();
        VerifierKey k = VerifierKey.ed25519("sunlight.example/log", kp.getPublic());
        assertEquals(k, VerifierKey.parse(k.toString()));
        assertArrayEquals(Ed25519Keys.rawPublicKey(kp.getPublic()), k.rawPublicKey());
        // Key ID = SHA-256(name || "\n" || 0x01 || key)[:4], computed independently.
        byte[] pre = ByteBuffer.allocate(21 + 1 + 32).put("sunlight.example/log\n".getBytes(StandardCharsets.UTF_8))
                .put((byte) 1).put(k.rawPublicKey()).array();
        assertEquals(ByteBuffer.wrap(MerkleHashes.sha256(pre)).getInt(), k.keyId());
    }

    @Test
    void signParseFormatRoundTripAndTamperRejection() throws Exception {
        NoteSigner log = NoteSigner.ed25519("sunlight.example/log", Ed25519Keys.generate());
        Checkpoint cp = checkpoint(42);
        SignedNote note = log.sign(cp.body());
        String encoded = note.format();
        assertTrue(encoded.startsWith("sunlight.example/log\n42\n" + Base64.getEncoder().encodeToString(cp.rootHash()) + "\n\n\u2014 sunlight.example/log "));
        assertTrue(encoded.endsWith("\n"));
        assertEquals(note, SignedNote.parse(encoded));
        assertEquals(encoded, SignedNote.parse(encoded).format());

        NoteVerifier verifier = NoteVerifier.of(log.verifierKey());
        VerifiedNote v = verifier.verify(encoded);
        assertEquals(cp, Checkpoint.from(v));
        assertTrue(v.isSignedBy(log.verifierKey()));

        // Tampered body: size, root, origin.
        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE, () -> verifier.verify(encoded.replace("\n42\n", "\n43\n")));
        String otherRoot = Base64.getEncoder().encodeToString(checkpoint(43).rootHash());
        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE,
                () -> verifier.verify(encoded.replace(Base64.getEncoder().encodeToString(cp.rootHash()), otherRoot)));
        // Tampered signature bytes (last signature byte flipped).
        byte[] sig = note.signatures().get(0).signature();
        sig[63] ^= 1;
        SignedNote badSig = new SignedNote(note.text(), List.of(new NoteSignature(log.name(), log.keyId(), sig)));
        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE, () -> verifier.verify(badSig));
        // Truncated signature.
        SignedNote shortSig = new SignedNote(note.text(), List.of(new NoteSignature(log.name(), log.keyId(), Arrays.copyOf(sig, 10))));
        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE, () -> verifier.verify(shortSig));
    }

    @Test
    void unknownSignersAreIgnoredButSomeKnownSignatureIsRequired() throws Exception {
        NoteSigner log = NoteSigner.ed25519("sunlight.example/log", Ed25519Keys.generate());
        NoteSigner stranger = NoteSigner.ed25519("stranger.example", Ed25519Keys.generate());
        // Same name as the log, different key: different key ID, so it is an unknown key.
        NoteSigner impostor = NoteSigner.ed25519("sunlight.example/log", Ed25519Keys.generate());
        String text = checkpoint(7).body();
        NoteVerifier verifier = NoteVerifier.of(log.verifierKey());

        assertReason(NoteVerificationException.Reason.NO_KNOWN_SIGNATURE, () -> verifier.verify(stranger.sign(text)));
        assertReason(NoteVerificationException.Reason.NO_KNOWN_SIGNATURE, () -> verifier.verify(impostor.sign(text)));

        SignedNote multi = log.addSignature(impostor.addSignature(stranger.sign(text)));
        assertEquals(3, multi.signatures().size());
        VerifiedNote v = verifier.verify(multi.format());
        assertEquals(1, v.signatures().size());
        assertEquals(log.verifierKey(), v.signatures().get(0).key());

        // Both known: both verified; adding again replaces rather than duplicates.
        NoteVerifier both = NoteVerifier.of(log.verifierKey(), stranger.verifierKey());
        assertEquals(2, both.verify(multi).signatures().size());
        assertEquals(3, log.addSignature(multi).signatures().size());
        // A known key with a bad signature rejects the note even if another known key's is good.
        byte[] bad = stranger.signatureFor(text).signature();
        bad[0] ^= 1;
        SignedNote mixed = log.sign(text).withSignature(new NoteSignature(stranger.name(), stranger.keyId(), bad));
        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE, () -> both.verify(mixed));
    }

    @Test
    void malformedNotesAreRejected() {
        NoteSigner log = NoteSigner.ed25519("sunlight.example/log", Ed25519Keys.generate());
        NoteVerifier verifier = NoteVerifier.of(log.verifierKey());
        String good = log.sign(checkpoint(1).body()).format();
        String line = good.substring(good.indexOf('\u2014'));
        String text = checkpoint(1).body();
        for (String bad : List.of(
                text,                                              // no signatures
                text + line,                                       // no blank line
                good.substring(0, good.length() - 1),              // no final newline
                good.replace('\u2014', '-'),                       // hyphen instead of em dash
                good.replace("\u2014 ", "\u2014"),                  // no space after the dash
                good.replace(line, line.replace("=", "")),        // unpadded base64
                good.replace(line, "\u2014 sunlight.example/log AAAA\n"), // shorter than key ID + 1 byte
                good.replace(line, "\u2014 sunlight.example/log\n"),       // no signature
                good.replace("\n42", "\n\t42").replace("sunlight.example/log\n1", "sunlight.example/log\r\n1"), // control char
                good + "trailing\n")) {                            // text after signatures
            assertReason(NoteVerificationException.Reason.MALFORMED, () -> verifier.verify(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> SignedNote.parse(new byte[] {'a', '\n', '\n', (byte) 0xff, '\n'}));
        assertThrows(IllegalArgumentException.class, () -> log.sign("no final newline"));
        assertThrows(IllegalArgumentException.class, () -> log.sign(""));
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.ed25519("bad+name", Ed25519Keys.generate()));
        KeyPair a = Ed25519Keys.generate();
        KeyPair b = Ed25519Keys.generate();
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.ed25519("x", a.getPrivate(), b.getPublic()));
    }

    @Test
    void cosignatureV1VerifiesAndCarriesItsTimestamp() throws Exception {
        NoteSigner log = NoteSigner.ed25519("sunlight.example/log", Ed25519Keys.generate());
        KeyPair wkp = Ed25519Keys.generate();
        NoteSigner witness = NoteSigner.cosignatureV1("supervision.example/witness", wkp, CLOCK);
        Checkpoint cp = checkpoint(1000);
        SignedNote cosigned = witness.addSignature(log.sign(cp.body()));

        VerifiedNote v = NoteVerifier.of(log.verifierKey(), witness.verifierKey()).verify(cosigned.format());
        assertEquals(2, v.signatures().size());
        VerifiedNote.Verified w = v.signatures().get(1);
        assertEquals(witness.verifierKey(), w.key());
        assertEquals(CLOCK.instant().getEpochSecond(), w.cosignatureTime().getAsLong());
        assertTrue(v.signatures().get(0).cosignatureTime().isEmpty());

        // Independent check of the wire format with the JDK alone: key ID with type 0x04, 8-byte
        // big-endian timestamp, Ed25519 over "cosignature/v1\ntime <t>\n" || body.
        NoteSignature line = cosigned.signatures().get(1);
        byte[] raw = Ed25519Keys.rawPublicKey(wkp.getPublic());
        byte[] idInput = ByteBuffer.allocate(28 + 33).put("supervision.example/witness\n".getBytes(StandardCharsets.UTF_8))
                .put((byte) 0x04).put(raw).array();
        assertEquals(ByteBuffer.wrap(MerkleHashes.sha256(idInput)).getInt(), line.keyId());
        byte[] sig = line.signature();
        assertEquals(72, sig.length);
        assertEquals(CLOCK.instant().getEpochSecond(), ByteBuffer.wrap(sig, 0, 8).getLong());
        String message = "cosignature/v1\ntime " + CLOCK.instant().getEpochSecond() + "\n" + cp.body();
        assertTrue(jdkVerify(wkp.getPublic(), message.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 8, 72)));

        // The same public key as a plain Ed25519 key has another key ID, so it does not vouch for the line.
        assertReason(NoteVerificationException.Reason.NO_KNOWN_SIGNATURE,
                () -> NoteVerifier.of(VerifierKey.ed25519("supervision.example/witness", wkp.getPublic()))
                        .verify(witness.sign(cp.body())));
        // Changing the timestamp breaks the signature.
        byte[] shifted = sig.clone();
        shifted[7] ^= 1;
        SignedNote tampered = cosigned.withSignature(new NoteSignature(line.name(), line.keyId(), shifted));
        assertReason(NoteVerificationException.Reason.INVALID_SIGNATURE,
                () -> NoteVerifier.of(witness.verifierKey()).verify(tampered));
        // Only checkpoints are cosigned.
        assertThrows(IllegalArgumentException.class, () -> witness.sign("hello\n"));
    }

    @Test
    void cosignatureTimestampOfAPublishedSignature() {
        // transparency-dev/formats note tests: a cosignature/v1 signature made at 1727964367.
        NoteSignature s = NoteSignature.parseLine("\u2014 w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==");
        assertEquals(1727964367L, VerifierKey.cosignatureTimestamp(s.signature()).getAsLong());
        assertFalse(VerifierKey.cosignatureTimestamp(new byte[64]).isPresent());
    }

    @Test
    void checkpointFormat() {
        Checkpoint cp = checkpoint(0);
        assertEquals(cp, Checkpoint.parse(cp.body()));
        Checkpoint ext = new Checkpoint("o", 5, cp.rootHash(), List.of("ext one", "ext two"));
        assertEquals(ext, Checkpoint.parse(ext.body()));
        String root = Base64.getEncoder().encodeToString(cp.rootHash());
        assertEquals(Long.MAX_VALUE, Checkpoint.parse("o\n9223372036854775807\n" + root + "\n").size());
        for (String bad : List.of(
                "o\n5\n" + root,                        // no final newline
                "o\n5\n",                               // no root
                "\n5\n" + root + "\n",                  // empty origin
                "o\n05\n" + root + "\n",                // leading zero
                "o\n+5\n" + root + "\n",
                "o\n-5\n" + root + "\n",
                "o\n9223372036854775808\n" + root + "\n",
                "o\n\u0665\n" + root + "\n",            // non-ASCII digit
                "o\n5\n" + root.replace("=", "") + "\n",
                "o\n5\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n",
                "o\n5\n" + root + "\n\n")) {            // empty extension line
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(bad), bad);
        }
    }

    private static boolean jdkVerify(PublicKey key, byte[] msg, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(msg);
        return s.verify(sig);
    }

    static void assertReason(NoteVerificationException.Reason want, Executable e) {
        NoteVerificationException ex = assertThrows(NoteVerificationException.class, e);
        assertEquals(want, ex.reason(), ex.getMessage());
    }
}
