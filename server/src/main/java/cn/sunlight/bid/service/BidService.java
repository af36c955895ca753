package cn.sunlight.bid.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.bid.SubmissionEvidence;
import cn.sunlight.bid.envelope.EnvelopeFacts;
import cn.sunlight.bid.envelope.EnvelopeInspector;
import cn.sunlight.bid.envelope.EnvelopeRejected;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.SandboxTime;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.TimeStampAuthority;
import cn.sunlight.storage.BlobReceiver;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.Lot;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The sealed-bid flow. Before a byte of the body is accepted the caller's right to bid is checked ({@link #prepare});
 * the body is then received without a thread ({@link BidUploads}, {@link BlobReceiver}: hashed while written to a
 * temporary file of the blob store, the tender's clock read when the last byte arrived); then {@link #accept}: the
 * envelope inspector (is it CMS AuthEnvelopedData with the tender's suite — AES-256-GCM, or SM4-GCM with SM2 —,
 * addressed to this tender's opening key?) and the bidder's signature against the hash actually received. Only then is
 * the blob adopted and the bid recorded, in one transaction with its audit event, so a refused bid leaves nothing
 * behind and an accepted one is on disk (fsynced) before it is acknowledged.
 */
@ApplicationScoped
public class BidService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final OpeningKeys openingKeys;
    private final BlobStore blobs;
    private final TimeStampAuthority tsa;
    private final Receipts receipts;
    private final long maxBytes;
    private final cn.sunlight.credit.service.CreditGate credit;

    public BidService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders, OpeningKeys openingKeys,
                      BlobStore blobs, TimeStampAuthority tsa, Receipts receipts,
                      @ConfigProperty(name = "sunlight.bids.max-bytes") long maxBytes, cn.sunlight.credit.service.CreditGate credit) {
        this.credit = credit;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.openingKeys = openingKeys;
        this.blobs = blobs;
        this.tsa = tsa;
        this.receipts = receipts;
        this.maxBytes = maxBytes;
    }

    /** What the bidder tool reports about the machine that prepared the bid (all optional). */
    public record Fingerprint(String hostHash, String macHash, String fileCreationCode, String tool) {
        static Fingerprint parse(String base64Json) {
            if (base64Json == null || base64Json.isBlank()) {
                return new Fingerprint(null, null, null, null);
            }
            try {
                JsonNode n = CanonicalJson.mapper().readTree(Base64.getDecoder().decode(base64Json));
                return new Fingerprint(text(n, "hostHash"), text(n, "macHash"), text(n, "fileCreationCode"), text(n, "tool"));
            } catch (IOException | IllegalArgumentException e) {
                throw ProblemException.invalid(Violation.of("X-Bid-Fingerprint", "base64-json", Text.of(
                        "指纹须为 Base64 编码的 JSON", "the fingerprint must be base64-encoded JSON")));
            }
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            String s = v.asText();
            return s.length() > 128 ? s.substring(0, 128) : s;
        }
    }

    /** {@code organisationCode}: the caller's organisation, which the signed statement must name. */
    record Context(long tenderId, String tenderCode, long lotId, String organisationCode, Instant deadline, CryptoSuite suite,
                   X509Certificate signer, String signerSerial, List<X509Certificate> openingCertificates, SandboxTime sandbox) {
    }

    /** A submission allowed to send its body: who may send what to where, and the empty temporary file for it. */
    record Prepared(Context ctx, int lotNumber, byte[] signature, Fingerprint fingerprint, String bondPayerAccount, Path tmp) {
    }

    /**
     * Everything decided before a byte of the body is accepted: the headers, the tender and lot, the caller's
     * registration, that the tender accepts bids now, the caller's signing certificate; then a temporary file for the
     * body. Blocking (database).
     */
    Prepared prepare(long tenderId, int lotNumber, String signatureB64, String fingerprintB64, String bondPayerAccount,
                     long declaredLength, Instant requestArrived) {
        byte[] signature = decodeSignature(signatureB64);
        Fingerprint fingerprint = Fingerprint.parse(fingerprintB64);
        if (declaredLength > maxBytes) {
            throw refusal(new EnvelopeRejected(EnvelopeRejected.Reason.TOO_LARGE, "the request declares " + declaredLength
                    + " bytes; the limit is " + maxBytes));
        }
        Context ctx = QuarkusTransaction.requiringNew().call(() -> context(tenderId, lotNumber, requestArrived));
        try {
            return new Prepared(ctx, lotNumber, signature, fingerprint, bondPayerAccount, blobs.newTempFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The tender's own clock (a sandbox tender's runs faster), read without the database: on the event loop. */
    Instant now(Prepared p) {
        SandboxTime sandbox = p.ctx().sandbox();
        return stored(clock.now(() -> sandbox));
    }

    /** A body that could not be received: its temporary file is already gone; the answer the bidder gets. */
    RuntimeException notReceived(Throwable cause) {
        if (cause instanceof BlobReceiver.TooLarge) {
            return refusal(new EnvelopeRejected(EnvelopeRejected.Reason.TOO_LARGE, "more than " + maxBytes + " bytes"));
        }
        return cause instanceof RuntimeException r ? r : new UncheckedIOException(cause instanceof IOException io ? io
                : new IOException(cause));
    }

    /**
     * After the last byte ({@code received.lastByteAt()} decides lateness): the envelope inspected in its temporary
     * file, addressed to this tender, in time, signed over exactly the bytes received; then the blob fsynced and
     * adopted, and the bid recorded with its audit event in one transaction. Blocking.
     */
    Receipts.Receipt accept(Prepared p, BlobReceiver.Received received) {
        Context ctx = p.ctx();
        Path tmp = received.file();
        EnvelopeFacts facts;
        Instant receivedAt = received.lastByteAt();
        try {
            // The tender's suite decides the algorithms: a bid sealed with the other suite's is WRONG_ALGORITHM.
            facts = new EnvelopeInspector(maxBytes).inspectStoredSubmission(tmp, received.size(), received.sha256(), ctx.suite());
            refuseUnless(ctx.openingCertificates().stream().anyMatch(facts::addressedTo), "not-for-this-tender",
                    Text.of("投标文件未使用本项目的开标证书加密", "the envelope is not encrypted to this tender's opening certificate"));
            // The refusal names the instant the last byte arrived: the bidder's evidence of what the platform decided on.
            refuseUnless(receivedAt.isBefore(ctx.deadline()), "late", Text.of(
                    "投标文件于 " + receivedAt + " 完整送达，在投标截止时间（" + ctx.deadline() + "）之后，已拒收（《电子招标投标办法》第二十七条）",
                    "the bid arrived completely at " + receivedAt + ", after the deadline (" + ctx.deadline() + "), and is refused"));
            String statement = BidStatement.text(ctx.tenderCode(), p.lotNumber(), ctx.organisationCode(), facts.sha256Hex(), facts.envelopeSize());
            refuseUnless(BidStatement.verify(statement, p.signature(), ctx.signer().getPublicKey()), "bad-signature", Text.of(
                    "投标人签名与收到的投标文件不符（签名内容：招标项目、标段、本单位统一社会信用代码、SHA-256、大小）",
                    "the bidder's signature does not match the received envelope (tender, lot, your organisation's credit code,"
                            + " SHA-256, size)"));
            if (Files.size(tmp) != received.size()) {
                throw new IOException("the stored copy has " + Files.size(tmp) + " bytes, " + received.size() + " were received");
            }
        } catch (EnvelopeRejected e) {
            deleteQuietly(tmp);
            throw refusal(e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }

        BlobStore.Stored stored;
        try {
            stored = blobs.adopt(tmp, facts.sha256Hex(), facts.envelopeSize());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        }
        byte[] token = tsa.tokenDer(facts.sha256());
        return QuarkusTransaction.requiringNew().call(() -> {
            // A retry of an upload the platform already recorded (the bidder's connection was cut after the commit):
            // the same envelope as the standing version is answered with its receipt, never stored as a second copy.
            Optional<SealedBid> latest = lockedLatest(ctx);
            if (latest.filter(b -> b.kind == SealedBid.Kind.SUBMISSION && stored.sha256().equals(b.envelopeSha256)).isPresent()) {
                return receipts.of(latest.get());
            }
            SealedBid bid = record(ctx, p.lotNumber(), latest, SealedBid.Kind.SUBMISSION, stored.sha256(), stored.size(), receivedAt,
                    p.signature(), token);
            Fingerprint fingerprint = p.fingerprint();
            new SubmissionEvidence(bid.id, actor.clientAddress(), fingerprint.hostHash(), fingerprint.macHash(),
                    fingerprint.fileCreationCode(), fingerprint.tool(), p.bondPayerAccount()).persist();
            return receipts.of(bid);
        });
    }

    private static ProblemException refusal(EnvelopeRejected e) {
        return new ProblemException(e.reason() == EnvelopeRejected.Reason.TOO_LARGE ? 413 : 422, "envelope-" + e.code(),
                Text.of("投标文件被拒收：" + e.messageZh(), "The bid was refused: " + e.messageEn()),
                List.of(Violation.of("envelope", e.code(), Text.of(e.messageZh(), e.messageEn()))));
    }

    /**
     * The caller's latest version of the lot, read under the tender's row lock, which serialises one bidder's versions
     * of a lot: {@link #record} numbers the next version from it in the same transaction.
     */
    private Optional<SealedBid> lockedLatest(Context ctx) {
        if (!Tender.lockRow(ctx.tenderId())) {
            throw ProblemException.notFound("tender", ctx.tenderId());
        }
        return SealedBid.latest(ctx.tenderId(), ctx.lotId(), actor.requireOrganisation());
    }

    /** A withdrawal before the deadline, signed like a submission; the bid's earlier versions stay stored. */
    public Receipts.Receipt withdraw(long tenderId, int lotNumber, String signatureB64) {
        byte[] signature = decodeSignature(signatureB64);
        return QuarkusTransaction.requiringNew().call(() -> {
            Context ctx = context(tenderId, lotNumber, clock.now());
            Instant now = stored(clock.now(Tender.timed(tenderId)));
            refuseUnless(now.isBefore(ctx.deadline()), "late", Text.of("投标截止后不能撤回投标", "bids cannot be withdrawn after the deadline"));
            Optional<SealedBid> standing = lockedLatest(ctx);
            SealedBid latest = standing.orElseThrow(() -> ProblemException.notFound("bid for lot", lotNumber));
            if (latest.kind == SealedBid.Kind.WITHDRAWAL) {
                throw ProblemException.conflict("already-withdrawn", Text.of("该投标已撤回", "the bid is already withdrawn"));
            }
            refuseUnless(BidStatement.verify(BidStatement.withdrawalText(ctx.tenderCode(), lotNumber, ctx.organisationCode(), latest.version,
                    latest.envelopeSha256), signature, ctx.signer().getPublicKey()), "bad-signature", Text.of(
                    "撤回声明签名无效（须签署本单位统一社会信用代码、所撤回的版本号与其 SHA-256）",
                    "the withdrawal signature is invalid (it must sign your organisation's credit code, the withdrawn version"
                            + " and its SHA-256)"));
            return receipts.of(record(ctx, lotNumber, standing, SealedBid.Kind.WITHDRAWAL, null, null, now, signature, null));
        });
    }

    public List<Receipts.Receipt> mine(long tenderId) {
        return QuarkusTransaction.requiringNew().call(() ->
                SealedBid.ofBidder(tenderId, actor.requireOrganisation()).stream().map(receipts::of).toList());
    }

    /** The caller's own standing envelope for a lot (ciphertext), e.g. for its tool to unwrap the key at the opening. */
    public SealedBid ownStanding(long tenderId, int lotNumber) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long org = actor.requireOrganisation();
            return SealedBid.standing(tenderId).stream()
                    .filter(b -> b.organisation.id.equals(org) && b.lot.number == lotNumber).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("your standing bid for lot", lotNumber));
        });
    }

    public java.io.InputStream envelope(SealedBid bid) {
        return blobs.open(bid.envelopeSha256);
    }

    public String openingCertificate(long tenderId) {
        tenders.publicTender(tenderId);
        return openingKeys.currentCertificatePem(tenderId)
                .orElseThrow(() -> ProblemException.notFound("opening certificate of tender", tenderId));
    }

    /** {@code latest}: from {@link #lockedLatest} in this transaction (the tender row lock is held). */
    private SealedBid record(Context ctx, int lotNumber, Optional<SealedBid> latest, SealedBid.Kind kind, String sha256, Long size,
                             Instant receivedAt, byte[] signature, byte[] token) {
        long org = actor.requireOrganisation();
        int version = latest.map(b -> b.version + 1).orElse(1);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("tender", ctx.tenderCode());
        state.put("lot", lotNumber);
        state.put("kind", kind);
        state.put("version", version);
        state.put("sha256", sha256);
        state.put("size", size);
        state.put("receivedAt", receivedAt);
        // The log must not reveal who bid before the opening: the actor is a salted commitment.
        AuditEvent event = audit.recordConfidential(kind == SealedBid.Kind.SUBMISSION ? "bid.submitted" : "bid.withdrawn",
                "tender", ctx.tenderId(), state);
        // References, not loads: the bid needs only the keys (the tender was locked by its row alone).
        var em = SealedBid.getEntityManager();
        SealedBid bid = new SealedBid(em.getReference(Tender.class, ctx.tenderId()), em.getReference(Lot.class, ctx.lotId()),
                em.getReference(Organisation.class, org), em.getReference(UserAccount.class, actor.userId()),
                version, kind, sha256, size, receivedAt, signature, ctx.signerSerial(), token);
        bid.recordedAs(event.id);
        bid.persist();
        return bid;
    }

    /**
     * {@code requestArrived}: the platform instant the request's head arrived (read on the event loop). Whether the
     * tender still accepts bids is judged at that instant on the tender's clock, not when a busy worker gets to the
     * check: a bid sent before the deadline is not refused for the platform's own queueing; its lateness is then
     * judged at its last byte.
     */
    private Context context(long tenderId, int lotNumber, Instant requestArrived) {
        Tender t = tenders.publicTender(tenderId);
        Lot lot = t.lots.stream().filter(l -> l.number == lotNumber).findFirst()
                .orElseThrow(() -> ProblemException.notFound("lot", lotNumber));
        long org = actor.requireOrganisation();
        if (!BidderRegistration.exists(t.id, org)) {
            throw ProblemException.forbidden(Text.of("未报名该项目的投标人不能投标", "only bidders registered for the tender may bid"));
        }
        // Debarred since it registered: refused before a byte of the bid is read (政府采购法 Art. 77; 招标投标法 Art. 53-54).
        credit.requireClear(t.id, org, cn.sunlight.credit.CreditCheck.Stage.SUBMISSION);
        SandboxTime sandbox = t.sandboxTime();
        if (!t.acceptsBidders(sandbox == null ? requestArrived : sandbox.at(requestArrived))) {
            throw ProblemException.conflict("not-accepting", Text.of("该项目当前不接受投标（未开始或已截止）",
                    "the tender does not accept bids now (not open yet or past the deadline)"));
        }
        // The bidder signs with the key of the tender's suite: SM3withSM2 under an SM2 certificate for a national tender.
        PartyCertificate signing = PartyCertificate.current(actor.userId(), PartyCertificate.Purpose.SIGNING, t.cryptoSuite)
                .orElseThrow(() -> ProblemException.invalid(Violation.of("X-Bid-Signature", "signing-certificate",
                        t.cryptoSuite == CryptoSuite.NATIONAL
                                ? Text.of("本项目采用国密算法：请先登记 SM2 签名证书（/api/me/certificates）",
                                "this tender uses the national suite: register an SM2 signing certificate first (/api/me/certificates)")
                                : Text.of("请先登记签名证书（/api/me/certificates）",
                                "register a signing certificate first (/api/me/certificates)"))));
        List<X509Certificate> certs = openingKeys.certificates(t.id);
        if (certs.isEmpty()) {
            throw ProblemException.conflict("no-opening-key", Text.of("该项目没有开标证书", "the tender has no opening certificate"));
        }
        return new Context(t.id, t.code, lot.id, Organisation.<Organisation>findById(org).creditCode, t.schedule.bidDeadline, t.cryptoSuite, Pem.readCertificate(signing.certificatePem),
                signing.serial, certs, t.sandboxTime());
    }

    /** PostgreSQL keeps microseconds: a receipt signed now must equal the one re-signed from the database. */
    private static Instant stored(Instant i) {
        return i.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static byte[] decodeSignature(String b64) {
        if (b64 == null || b64.isBlank()) {
            throw ProblemException.invalid(Violation.of("X-Bid-Signature", "required", Text.of(
                    "缺少投标人签名（X-Bid-Signature）：未签名的投标不予接收", "the bidder's signature (X-Bid-Signature) is missing: unsigned bids are refused")));
        }
        try {
            return Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(Violation.of("X-Bid-Signature", "base64", Text.of("签名须为 Base64", "the signature must be base64")));
        }
    }

    private static void refuseUnless(boolean ok, String rule, Text message) {
        if (!ok) {
            throw new ProblemException(422, "bid-refused", Text.of("投标文件被拒收", "The bid was refused"),
                    List.of(Violation.of("envelope", rule, message)));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // BlobStore sweeps its temp directory at start-up
        }
    }
}
