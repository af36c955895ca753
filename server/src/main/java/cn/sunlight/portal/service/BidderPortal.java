package cn.sunlight.portal.service;

import cn.sunlight.tender.service.ObjectionService;
import cn.sunlight.auction.Auction;
import cn.sunlight.auction.service.AuctionService;
import cn.sunlight.auction.service.AuctionViews;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.bid.service.BidService;
import cn.sunlight.bid.service.Receipts;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.opening.OpeningSignIn;
import cn.sunlight.opening.service.OpeningService;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.rest.TenderViews.ClarificationView;
import cn.sunlight.tender.rest.TenderViews.DocumentView;
import cn.sunlight.tender.rest.TenderViews.ObjectionView;
import cn.sunlight.tender.rest.TenderViews.TenderView;
import cn.sunlight.tender.service.TenderDocuments;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the bidder's workspace shows: the tenders the caller's organisation registered for, its own bids and
 * receipts, the opening and the auction as the caller may see them. Every read goes through the feature services
 * (or, for the caller's own rows, the same entity queries they use), so the workspace never shows more than the
 * API shows this bidder: never another bidder's bid, and nothing of the bids' content.
 */
@ApplicationScoped
public class BidderPortal {

    private final TenderService tenders;
    private final ObjectionService objectionService;
    private final TenderDocuments documents;
    private final BidService bids;
    private final OpeningService openings;
    private final AuctionService auctions;
    private final BiddingRules rules;
    private final RequestActor actor;
    private final PlatformClock clock;

    private final cn.sunlight.tender.service.TenderSearch search;

    @jakarta.inject.Inject
    public BidderPortal(cn.sunlight.tender.service.TenderSearch search, TenderService tenders, ObjectionService objectionService,
                        TenderDocuments documents, BidService bids, OpeningService openings,
                        AuctionService auctions, BiddingRules rules, RequestActor actor, PlatformClock clock) {
        this.search = search;
        this.tenders = tenders;
        this.objectionService = objectionService;
        this.documents = documents;
        this.bids = bids;
        this.openings = openings;
        this.auctions = auctions;
        this.rules = rules;
        this.actor = actor;
        this.clock = clock;
    }

    /** The caller's latest version of a lot's bid: a standing submission, or a withdrawal. */
    public record LotBid(int lot, String lotName, int version, String kind, Instant receivedAt) {
        public boolean standing() {
            return "SUBMISSION".equals(kind);
        }
    }

    public record MyTender(TenderView tender, Instant registeredAt, List<LotBid> bids, boolean accepting, boolean auction,
                           boolean openingStage) {
    }

    public record Home(List<MyTender> mine, List<TenderView> open, cn.sunlight.portal.Pager pager) {
    }

    /**
     * One page of the caller's tenders (its registrations, newest first: keyset on the registration id, indexed by
     * bidder_registration_org_idx) and the newest tenders still open that it has not registered for.
     */
    @Transactional
    public Home home(cn.sunlight.common.page.PageRequest page) {
        long org = actor.requireOrganisation();
        Instant now = clock.now();
        var regs = registrations(org, page);
        // The page's bids in one query (not one per tender).
        Map<Long, List<SealedBid>> bidsOf = new java.util.HashMap<>();
        if (!regs.items().isEmpty()) {
            for (SealedBid b : SealedBid.<SealedBid>list("organisation.id = ?1 and tender.id in ?2 order by lot.number, version", org,
                    regs.items().stream().map(r -> r.tender.id).toList())) {
                bidsOf.computeIfAbsent(b.tender.id, k -> new ArrayList<>()).add(b);
            }
        }
        List<MyTender> mine = new ArrayList<>();
        for (BidderRegistration r : regs.items()) {
            Tender t = r.tender;
            mine.add(new MyTender(TenderView.of(t), r.registeredAt, latestPerLot(bidsOf.getOrDefault(t.id, List.of())),
                    t.acceptsBidders(now), t.method == TenderMethod.ONLINE_BIDDING,
                    t.status == TenderStatus.CLOSED || t.status == TenderStatus.OPENING));
        }
        List<Tender> accepting = search.accepting(cn.sunlight.common.page.PageRequest.first(60)).items();
        Set<Long> registered = accepting.isEmpty() ? Set.of() : new java.util.HashSet<>(BidderRegistration.<BidderRegistration>list(
                "organisation.id = ?1 and tender.id in ?2", org, accepting.stream().map(t -> t.id).toList())
                .stream().map(r -> r.tender.id).toList());
        List<TenderView> open = accepting.stream().filter(t -> t.acceptsBidders(now) && !registered.contains(t.id)).limit(20)
                .map(TenderView::of).toList();
        return new Home(mine, open, cn.sunlight.portal.Pager.of("/bidder", Map.of(), regs, page));
    }

    /** A registration with its tender, project and unit in the same query. */
    private static final String FETCH = "select r from BidderRegistration r join fetch r.tender t join fetch t.project p"
            + " join fetch p.tenderingUnit left join fetch p.agent where ";

    private static cn.sunlight.common.page.Page<BidderRegistration> registrations(long org, cn.sunlight.common.page.PageRequest page) {
        var c = page.cursor();
        List<BidderRegistration> rows;
        if (c == null) {
            rows = BidderRegistration.<BidderRegistration>find(FETCH + "r.organisation.id = ?1 order by r.id desc", org).range(0, page.limit()).list();
        } else {
            long id = c.longKey(cn.sunlight.common.page.PageRequest.CURSOR, 0);
            rows = page.backwards()
                    ? BidderRegistration.<BidderRegistration>find(FETCH + "r.organisation.id = ?1 and r.id > ?2 order by r.id asc", org, id)
                            .range(0, page.limit()).list()
                    : BidderRegistration.<BidderRegistration>find(FETCH + "r.organisation.id = ?1 and r.id < ?2 order by r.id desc", org, id)
                            .range(0, page.limit()).list();
        }
        return cn.sunlight.common.page.Page.of(page, rows, r -> new Object[]{r.id});
    }

    private static List<LotBid> latestPerLot(Tender t, long org) {
        return latestPerLot(SealedBid.ofBidder(t.id, org));
    }

    private static List<LotBid> latestPerLot(List<SealedBid> bids) {
        Map<Integer, SealedBid> latest = new LinkedHashMap<>();
        for (SealedBid b : bids) {
            latest.merge(b.lot.number, b, (a, c) -> c.version > a.version ? c : a);
        }
        return latest.values().stream().sorted(Comparator.comparingInt(b -> b.lot.number))
                .map(b -> new LotBid(b.lot.number, b.lot.name, b.version, b.kind.name(), b.receivedAt)).toList();
    }

    /** One receipt as the workspace lists it. */
    public record ReceiptRow(long bidId, int lot, int version, String kind, String sha256, Long size, Instant receivedAt,
                             long auditEventId, boolean standing) {
    }

    public record TenderPage(TenderView tender, boolean registered, Instant registeredAt, boolean accepting,
                             List<DocumentView> documents, List<ClarificationView> clarifications,
                             List<ObjectionView> objections, Instant objectionWindowEnds, boolean objectionOpen,
                             List<ReceiptRow> receipts, List<LotBid> latest, boolean openingExists, boolean auction,
                             boolean openingCertificate, boolean national) {
    }

    @Transactional
    public TenderPage tender(long id) {
        Tender t = tenders.publicTender(id);
        long org = actor.requireOrganisation();
        Instant now = clock.now(t);
        Optional<BidderRegistration> reg = BidderRegistration.of(t.id, org);
        TenderView view = TenderView.of(t);
        List<DocumentView> docs = documents.list(id).stream().map(DocumentView::of).toList();
        List<ClarificationView> clarifications = Clarification.ofTender(t.id).stream().map(ClarificationView::of).toList();
        List<ObjectionView> objections = reg.isPresent()
                ? objectionService.objections(id).stream().map(ObjectionView::of).toList() : List.of();
        Instant windowEnds = tenders.rulesOf(t).find("objection-to-documents")
                .map(r -> Periods.latestBefore(t.schedule.bidDeadline, r, rules.calendar())).orElse(t.schedule.bidDeadline);
        boolean objectionOpen = reg.isPresent() && (t.status == TenderStatus.PUBLISHED || t.status == TenderStatus.BIDDING
                || t.status == TenderStatus.SUSPENDED) && !now.isAfter(windowEnds);
        List<ReceiptRow> receipts = new ArrayList<>();
        List<LotBid> latest = latestPerLot(t, org);
        for (Receipts.Receipt r : bids.mine(id)) {
            Receipts.Content c = r.content();
            boolean standing = latest.stream().anyMatch(l -> l.lot() == c.lot() && l.version() == c.version() && l.standing());
            receipts.add(new ReceiptRow(c.bidId(), c.lot(), c.version(), c.kind(), c.envelopeSha256(), c.size(), c.receivedAt(),
                    c.auditEventId(), standing));
        }
        boolean openingExists = Refusals.asAbsent(() -> openings.hall(id)).isPresent();
        boolean certificate = Refusals.asAbsent(() -> bids.openingCertificate(id)).isPresent();
        return new TenderPage(view, reg.isPresent(), reg.map(r -> r.registeredAt).orElse(null), t.acceptsBidders(now), docs,
                clarifications, objections, windowEnds, objectionOpen, receipts, latest, openingExists,
                t.method == TenderMethod.ONLINE_BIDDING, certificate, t.cryptoSuite != null && t.cryptoSuite.name().equals("NATIONAL"));
    }

    /** The caller's own receipt for one bid version, or 404 (another bidder's bid does not exist for the caller). */
    public Receipts.Receipt receipt(long tenderId, long bidId) {
        return bids.mine(tenderId).stream().filter(r -> r.content().bidId() == bidId).findFirst()
                .orElseThrow(() -> ProblemException.notFound("your bid", bidId));
    }

    /** One of the caller's standing bids at the opening. */
    public record MyLot(int lot, String lotName, long bidId) {
    }

    public record OpeningPage(TenderView tender, boolean registered, boolean hallOpen, boolean signedIn, List<MyLot> lots,
                              String bidIdsJson) {
    }

    @Transactional
    public OpeningPage opening(long id) {
        Tender t = tenders.publicTender(id);
        long org = actor.requireOrganisation();
        boolean registered = BidderRegistration.of(t.id, org).isPresent();
        boolean hall = Refusals.asAbsent(() -> openings.hall(id)).isPresent();
        boolean signedIn = OpeningSignIn.findById(new OpeningSignIn.Key(t.id, org)) != null;
        List<MyLot> lots = SealedBid.standing(t.id).stream().filter(b -> b.organisation.id.equals(org))
                .map(b -> new MyLot(b.lot.number, b.lot.name, b.id)).toList();
        Map<String, Object> ids = new LinkedHashMap<>();
        for (MyLot l : lots) {
            ids.put(String.valueOf(l.bidId()), l.lot());
        }
        return new OpeningPage(TenderView.of(t), registered, hall, signedIn, lots, CanonicalJson.write(ids));
    }

    /** {@code organisationCode} is the bidder's own code: its quote statements name it. */
    public record AuctionPage(TenderView tender, boolean registered, Long auctionId, int lot, String organisationCode,
                              AuctionViews.View view) {
    }

    @Transactional
    public AuctionPage auction(long id) {
        Tender t = tenders.publicTender(id);
        long org = actor.requireOrganisation();
        boolean registered = BidderRegistration.of(t.id, org).isPresent();
        Optional<Auction> a = Auction.ofTender(t.id);
        AuctionViews.View view = null;
        if (registered && a.isPresent()) {
            view = AuctionViews.of(auctions.snapshot(id, a.get().lotNumber), auctions.viewer(id));
        }
        return new AuctionPage(TenderView.of(t), registered, a.map(x -> x.id).orElse(null), a.map(x -> x.lotNumber).orElse(1),
                actor.organisationCode(), view);
    }
}
