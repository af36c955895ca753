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
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.security.PublicKey;
import java.util.Base64;
import java.time.Duration;

/**
 * A bidder's quote up to its sequencer: everything that needs no auction state is checked here, on the caller's
 * thread and outside any lock — the bidder registered, its SIGNING certificate (cached a few seconds, parsed once),
 * the round a positive number, the price positive with at most two decimals, and the signature over the statement
 * that names tender, lot, auction, the bidder's own organisation code, round and price. Only then does the quote
 * join its auction's queue ({@link AuctionSequencers}), and the caller gets the answer once it is committed.
 */
@ApplicationScoped
public class AuctionQuotes {

    /**
     * How long looked-up facts are reused: a registration, certificate or tender state change shows within this
     * (plus one look-up). A fact older than this is refreshed in the background while the quotes go on with the one
     * known, so no quote waits for the database and 200 bidders do not all reload at the same expiry.
     */
    private static final Duration REFRESH = Duration.ofSeconds(5);
    /** A fact nobody asked for in this long is looked up again before it is used. */
    private static final Duration EXPIRE = Duration.ofSeconds(30);

    private final RequestActor actor;
    private final AuditTrail audit;
    private final PlatformClock clock;
    private final AuctionSequencers sequencers;

    private record Target(long auctionId, String tenderCode, boolean quoting) {
    }

    private record Signer(String pem, PublicKey key) {
    }

    private record Lot(long tenderId, int lot) {
    }

    private record Org(long tenderId, long organisationId) {
    }

    /**
     * The background look-ups run here, not in the common fork-join pool: they block on the database, and on a small
     * machine that pool has a single thread that other work needs.
     */
    private final java.util.concurrent.ExecutorService lookups = java.util.concurrent.Executors.newFixedThreadPool(2,
            r -> Thread.ofPlatform().daemon().name("auction-lookups").unstarted(r));

    private final LoadingCache<Lot, Target> targets = cache(k -> QuarkusTransaction.requiringNew().call(() -> {
        Tender tender = Tender.findById(k.tenderId());
        Auction a = tender == null || !tender.isPublic() ? null : Auction.ofLot(k.tenderId(), k.lot()).orElse(null);
        return a == null ? null : new Target(a.id, tender.code,
                tender.status == TenderStatus.PUBLISHED || tender.status == TenderStatus.BIDDING);
    }));
    private final LoadingCache<Org, Boolean> registrations = cache(k -> QuarkusTransaction.requiringNew().call(() ->
            BidderRegistration.of(k.tenderId(), k.organisationId()).isPresent() ? Boolean.TRUE : null));
    private final LoadingCache<Long, Signer> signers = cache(userId -> QuarkusTransaction.requiringNew().call(() ->
            PartyCertificate.current(userId, PartyCertificate.Purpose.SIGNING)
                    .map(c -> new Signer(c.certificatePem, Pem.readCertificate(c.certificatePem).getPublicKey())).orElse(null)));

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
        Target t = targets.get(new Lot(tenderId, lot));
        if (t == null) {
            throw ProblemException.notFound("auction of tender", tenderId);
        }
        Boolean registered = registrations.get(new Org(tenderId, org));
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
        Signer signer = signers.get(userId);
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

    @jakarta.annotation.PreDestroy
    void stop() {
        lookups.shutdownNow();
    }

    /** Drops what is cached for an auction's tender (after its setup changed). */
    public void forget(long tenderId) {
        targets.asMap().keySet().removeIf(k -> k.tenderId() == tenderId);
    }

    /** Absent facts (null) are not kept: a bidder who registers or gets its certificate is seen at its next quote. */
    private <K, V> LoadingCache<K, V> cache(CacheLoader<K, V> load) {
        return Caffeine.newBuilder().executor(lookups).maximumSize(100_000).refreshAfterWrite(REFRESH).expireAfterWrite(EXPIRE).build(load);
    }
}
