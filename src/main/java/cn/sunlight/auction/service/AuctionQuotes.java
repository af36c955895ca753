package cn.sunlight.auction.service;

import cn.sunlight.account.PartyCertificate;
import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.BidStatement;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.crypto.Pem;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A bidder's quote up to its sequencer: everything that needs no auction state is checked here, on the caller's
 * thread and outside any lock — the bidder registered, its SIGNING certificate (cached a few seconds, parsed once),
 * the round a positive number, the price positive with at most two decimals, and the signature over the statement
 * that names tender, lot, auction, the bidder's own organisation code, round and price. Only then does the quote
 * join its auction's queue ({@link AuctionSequencers}), and the caller gets the answer once it is committed.
 */
@ApplicationScoped
public class AuctionQuotes {

    /** How long looked-up facts are reused: a registration, certificate or tender state change shows within this. */
    private static final long CACHE_MS = 5_000;

    private final RequestActor actor;
    private final AuditTrail audit;
    private final PlatformClock clock;
    private final AuctionSequencers sequencers;

    private record Target(long auctionId, String tenderCode, boolean quoting) {
    }

    private record Signer(String pem, PublicKey key) {
    }

    private record Cached<T>(T value, long until) {
    }

    private final Map<String, Cached<Target>> targets = new ConcurrentHashMap<>();
    private final Map<String, Cached<Boolean>> registrations = new ConcurrentHashMap<>();
    private final Map<Long, Cached<Signer>> signers = new ConcurrentHashMap<>();

    public AuctionQuotes(RequestActor actor, AuditTrail audit, PlatformClock clock, AuctionSequencers sequencers) {
        this.actor = actor;
        this.audit = audit;
        this.clock = clock;
        this.sequencers = sequencers;
    }

    public Answer.Accepted quote(long tenderId, int lot, BigDecimal price, Integer round, String signatureBase64) {
        // The live channel parses its own messages: bound the quote here, once for REST and socket (issue 12 item 4).
        price = cn.sunlight.common.input.Bounds.money("price", price);
        long org = actor.requireOrganisation();
        long userId = actor.userId();
        String orgCode = actor.organisationCode();
        Target t = cached(targets, tenderId + "/" + lot, () -> QuarkusTransaction.requiringNew().call(() -> {
            Tender tender = Tender.findById(tenderId);
            Auction a = tender == null || !tender.isPublic() ? null : Auction.ofLot(tenderId, lot).orElse(null);
            return a == null ? null : new Target(a.id, tender.code,
                    tender.status == TenderStatus.PUBLISHED || tender.status == TenderStatus.BIDDING);
        }));
        if (t == null) {
            throw ProblemException.notFound("auction of tender", tenderId);
        }
        Boolean registered = cached(registrations, tenderId + "/" + org, () -> QuarkusTransaction.requiringNew().call(() ->
                BidderRegistration.of(tenderId, org).isPresent() ? Boolean.TRUE : null));
        if (registered == null) {
            throw ProblemException.forbidden(Text.of("只有已报名的供应商可以参加竞价", "Only registered bidders take part in the auction"));
        }
        if (!t.quoting()) {
            throw ProblemException.conflict("auction-tender-state", Text.of("项目当前状态不允许报价", "The tender's state does not allow quotes"));
        }
        if (round == null || round < 1) {
            throw new ProblemException(422, "auction-round", Text.of("报价轮次须为正整数", "The round must be a positive number"));
        }
        if (price == null || price.signum() <= 0 || price.scale() > 2 || price.precision() - price.scale() > 16) {
            throw new ProblemException(422, "auction-invalid-price", Text.of("报价须为正数，最多两位小数",
                    "The price must be positive with at most two decimals"));
        }
        Signer signer = cached(signers, userId, () -> QuarkusTransaction.requiringNew().call(() ->
                PartyCertificate.current(userId, PartyCertificate.Purpose.SIGNING)
                        .map(c -> new Signer(c.certificatePem, Pem.readCertificate(c.certificatePem).getPublicKey())).orElse(null)));
        if (signer == null) {
            throw ProblemException.conflict("no-signing-certificate", Text.of("请先申请签名证书（POST /api/me/certificates）",
                    "Have a SIGNING certificate issued first (POST /api/me/certificates)"));
        }
        String statement = AuctionStatement.text(t.tenderCode(), lot, t.auctionId(), orgCode, round, price);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64 == null ? "" : signatureBase64);
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        if (signature.length == 0 || signature.length > 512 || !BidStatement.verify(statement, signature, signer.key())) {
            throw new ProblemException(422, "auction-bad-signature", Text.of("报价签名无效：须用本人签名证书对报价声明签名",
                    "The signature does not verify: sign the quote statement with your SIGNING key"));
        }
        Quote q = new Quote(t.auctionId(), org, userId, audit.currentActor(), price, round, statement,
                Base64.getEncoder().encodeToString(signature), signer.pem(), clock.now(), null);
        Answer a = sequencers.decide(q);
        if (a instanceof Answer.Refused r) {
            throw r.problem();
        }
        return (Answer.Accepted) a;
    }

    /** Drops what is cached for an auction's tender (after its setup changed). */
    public void forget(long tenderId) {
        targets.keySet().removeIf(k -> k.startsWith(tenderId + "/"));
    }

    private static <K, T> T cached(Map<K, Cached<T>> cache, K key, Supplier<T> load) {
        long now = System.currentTimeMillis();
        Cached<T> c = cache.get(key);
        if (c != null && c.until() > now) {
            return c.value();
        }
        T v = load.get();
        if (v != null) {
            if (cache.size() > 100_000) {
                cache.clear();
            }
            cache.put(key, new Cached<>(v, now + CACHE_MS));
        }
        return v;
    }
}
