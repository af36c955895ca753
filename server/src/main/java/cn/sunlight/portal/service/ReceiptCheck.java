package cn.sunlight.portal.service;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.InvalidProofException;
import cn.sunlight.audit.log.MerkleHashes;
import cn.sunlight.audit.log.NoteVerificationException;
import cn.sunlight.audit.log.NoteVerifier;
import cn.sunlight.audit.log.VerifiedNote;
import cn.sunlight.audit.log.VerifierKey;
import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.bid.service.Receipts;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.Text;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.crypto.TimeStampAuthority;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks what a bid receipt claims against what anyone can fetch: the RFC 3161 token inside it against the TSA
 * certificate (/api/pki/tsa.pem) and the platform CA (/api/pki/ca.pem), and the audit event it names against the
 * public transparency log (/api/log: the leaf's entry, its inclusion proof, the cosigned checkpoint that covers it
 * and the consistency of that checkpoint with the latest one). Each step uses the same data the public API serves
 * and the same verifiers an outside auditor runs; the roots come from the signed notes, never from the database.
 * The receipt's own platform signature is left to the bidder's tool: the platform checking its own signature would
 * prove nothing.
 */
@ApplicationScoped
public class ReceiptCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Outcome { VERIFIED, PENDING, FAILED }

    /** One check, in words, with its outcome. */
    public record Step(Text what, Outcome outcome, String detail) {
        public boolean ok() {
            return outcome == Outcome.VERIFIED;
        }

        public boolean pending() {
            return outcome == Outcome.PENDING;
        }
    }

    /** The time stamp's facts as read from the token (null when it cannot be read). */
    public record Stamp(Instant genTime, BigInteger serial, String policy, String tsa) {
    }

    public record LogFacts(long leafIndex, long checkpointSize, Instant checkpointIssuedAt, long latestSize, String entry) {
    }

    public record Report(Receipts.Content content, Stamp stamp, LogFacts log, List<Step> steps, Outcome outcome,
                         String logVerifierKey) {
    }

    private final TransparencyLog log;
    private final TimeStampAuthority tsa;
    private final PlatformCa ca;

    public ReceiptCheck(TransparencyLog log, TimeStampAuthority tsa, PlatformCa ca) {
        this.log = log;
        this.tsa = tsa;
        this.ca = ca;
    }

    public Report check(Receipts.Receipt receipt) {
        Receipts.Content c = receipt.content();
        List<Step> steps = new ArrayList<>();
        Stamp stamp = c.timestampToken() == null ? null : timeStamp(c, steps);
        LogFacts facts = logChecks(c, steps);
        Outcome outcome = steps.stream().anyMatch(s -> s.outcome() == Outcome.FAILED) ? Outcome.FAILED
                : steps.stream().anyMatch(Step::pending) ? Outcome.PENDING : Outcome.VERIFIED;
        return new Report(c, stamp, facts, steps, outcome, log.logKey().toString());
    }

    // ------------------------------------------------------------------ RFC 3161

    private Stamp timeStamp(Receipts.Content c, List<Step> steps) {
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(Base64.getDecoder().decode(c.timestampToken())));
        } catch (Exception e) {
            steps.add(failed(Text.of("读取 RFC 3161 时间戳", "Read the RFC 3161 time stamp"), e.getMessage()));
            return null;
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        boolean imprint = NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())
                && Arrays.equals(info.getMessageImprintDigest(), HexFormat.of().parseHex(c.envelopeSha256()));
        steps.add(new Step(Text.of("时间戳针对的正是该投标文件密文的 SHA-256", "The time stamp is over exactly this envelope's SHA-256"),
                imprint ? Outcome.VERIFIED : Outcome.FAILED, HexFormat.of().formatHex(info.getMessageImprintDigest())));
        Instant genTime = info.getGenTime().toInstant();
        X509Certificate tsaCert = tsa.certificate();
        String problem = null;
        try {
            if (!token.getSID().match(new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(tsaCert))) {
                problem = "the token names another signer than /api/pki/tsa.pem";
            } else {
                tsaCert.verify(ca.certificate().getPublicKey());
                tsaCert.checkValidity(java.util.Date.from(genTime));
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCert));
            }
        } catch (Exception e) {
            problem = e.getMessage();
        }
        steps.add(new Step(Text.of("时间戳由平台时间戳服务签名，其证书由平台 CA 签发",
                "The time stamp is signed by the platform's time-stamping authority, whose certificate the platform CA issued"),
                problem == null ? Outcome.VERIFIED : Outcome.FAILED, problem == null ? commonName(tsaCert) : problem));
        return new Stamp(genTime, info.getSerialNumber(), info.getPolicy().getId(), commonName(tsaCert));
    }

    private static String commonName(X509Certificate cert) {
        RDN[] cn = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return cn.length == 0 ? cert.getSubjectX500Principal().getName() : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    // ------------------------------------------------------------------ transparency log

    /** The state the bid service committed to in the log for this version (see BidService#record). */
    static String expectedStateHash(Receipts.Content c) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("tender", c.tenderCode());
        state.put("lot", c.lot());
        state.put("kind", c.kind());
        state.put("version", c.version());
        state.put("sha256", c.envelopeSha256());
        state.put("size", c.size());
        state.put("receivedAt", c.receivedAt());
        return CanonicalJson.sha256Hex(CanonicalJson.write(state));
    }

    private LogFacts logChecks(Receipts.Content c, List<Step> steps) {
        Text sequenced = Text.of("审计事件已记入公开日志并被已签名的检查点覆盖",
                "The audit event is in the public log, covered by a signed checkpoint");
        Optional<Long> index = log.leafIndexOfEvent(c.auditEventId());
        if (index.isEmpty()) {
            steps.add(new Step(sequenced, Outcome.PENDING, "not sequenced yet"));
            return null;
        }
        Optional<TransparencyLog.StoredCheckpoint> covering = log.firstCheckpointCovering(index.get());
        if (covering.isEmpty()) {
            steps.add(new Step(sequenced, Outcome.PENDING, "leaf " + index.get() + " not yet covered by a checkpoint"));
            return null;
        }
        long i = index.get();
        long size = covering.get().size();
        VerifierKey logKey = log.logKey();
        VerifierKey witnessKey = log.witnessKey();
        NoteVerifier verifier = NoteVerifier.of(logKey, witnessKey);

        // The entry: what the log committed to, recomputed from the receipt's own facts.
        TransparencyLog.Leaf leaf = log.leaves(i, i + 1).getFirst();
        String expectedAction = "SUBMISSION".equals(c.kind()) ? "bid.submitted" : "bid.withdrawn";
        String entryProblem = null;
        try {
            JsonNode entry = JSON.readTree(leaf.entry());
            if (c.auditEntry() != null && !c.auditEntry().equals(leaf.entry())) {
                entryProblem = "the receipt's entry differs from log entry " + i;
            } else if (!expectedAction.equals(entry.path("action").asText())) {
                entryProblem = "action " + entry.path("action").asText();
            } else if (!String.valueOf(c.tenderId()).equals(entry.path("object").asText())) {
                entryProblem = "object " + entry.path("object").asText();
            } else if (!expectedStateHash(c).equals(entry.path("state").asText())) {
                entryProblem = "state " + entry.path("state").asText() + " ≠ " + expectedStateHash(c);
            }
        } catch (Exception e) {
            entryProblem = e.getMessage();
        }
        steps.add(new Step(Text.of("日志第 " + i + " 条记录的正是该回执的内容（招标项目、标段、版本、SHA-256、大小、接收时间的哈希）",
                "Log entry " + i + " records exactly this receipt's facts (hash of tender, lot, version, SHA-256, size, received-at)"),
                entryProblem == null ? Outcome.VERIFIED : Outcome.FAILED, entryProblem == null ? "state " + expectedStateHash(c) : entryProblem));

        byte[] leafHash = MerkleHashes.leafHash(leaf.entry().getBytes(StandardCharsets.UTF_8));
        Checkpoint checkpoint;
        VerifiedNote note;
        try {
            note = verifier.verify(log.cosignedNote(size).orElseThrow());
            checkpoint = Checkpoint.from(note);
        } catch (NoteVerificationException | RuntimeException e) {
            steps.add(failed(Text.of("检查点签名", "Checkpoint signature"), e.getMessage()));
            return new LogFacts(i, size, covering.get().issuedAt(), size, leaf.entry());
        }
        boolean signed = note.isSignedBy(logKey) && note.isSignedBy(witnessKey) && checkpoint.size() == size;
        steps.add(new Step(Text.of("覆盖它的检查点（" + size + " 条）有日志签名和监督机构见证人的联署",
                "The checkpoint covering it (size " + size + ") is signed by the log and cosigned by the supervision authority's witness"),
                signed ? Outcome.VERIFIED : Outcome.FAILED, Base64.getEncoder().encodeToString(checkpoint.rootHash())));
        String inclusion = null;
        try {
            cn.sunlight.audit.log.ProofVerifier.verifyInclusion(i, size, leafHash, log.inclusionProof(i, size), checkpoint.rootHash());
        } catch (InvalidProofException e) {
            inclusion = e.getMessage();
        }
        steps.add(new Step(Text.of("包含证明成立：该记录在检查点的默克尔树中", "The inclusion proof holds: the entry is in the checkpoint's Merkle tree"),
                inclusion == null ? Outcome.VERIFIED : Outcome.FAILED, inclusion == null ? "RFC 9162" : inclusion));

        long latestSize = size;
        String consistency = null;
        try {
            VerifiedNote latestNote = verifier.verify(log.latestCosignedNote().orElseThrow());
            Checkpoint latest = Checkpoint.from(latestNote);
            latestSize = latest.size();
            if (!latestNote.isSignedBy(logKey) || !latestNote.isSignedBy(witnessKey)) {
                consistency = "latest checkpoint not signed and cosigned";
            } else if (latest.size() < size) {
                consistency = "latest checkpoint smaller than " + size;
            } else if (latest.size() > size) {
                cn.sunlight.audit.log.ProofVerifier.verifyConsistency(size, latest.size(), log.consistencyProof(size, latest.size()),
                        checkpoint.rootHash(), latest.rootHash());
            } else if (!Arrays.equals(latest.rootHash(), checkpoint.rootHash())) {
                consistency = "same size, different root";
            }
        } catch (NoteVerificationException | InvalidProofException | RuntimeException e) {
            consistency = e.getMessage();
        }
        steps.add(new Step(Text.of("此后日志只追加未改写：最新检查点（" + latestSize + " 条）与之一致",
                "Since then the log was only appended to: the latest checkpoint (size " + latestSize + ") is consistent with it"),
                consistency == null ? Outcome.VERIFIED : Outcome.FAILED, consistency == null ? "RFC 9162 consistency" : consistency));
        return new LogFacts(i, size, covering.get().issuedAt(), latestSize, leaf.entry());
    }

    private static Step failed(Text what, String detail) {
        return new Step(what, Outcome.FAILED, detail);
    }
}
