package cn.sunlight.portal.service;

import cn.sunlight.tender.service.ObjectionService;
import cn.sunlight.tender.service.ProjectService;
import cn.sunlight.award.BondRefund;
import cn.sunlight.award.Publicity;
import cn.sunlight.award.rest.AwardResource.AwardView;
import cn.sunlight.award.rest.AwardResource.BondView;
import cn.sunlight.award.service.AwardService;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.entrustment.rest.EntrustmentResource.EntrustmentView;
import cn.sunlight.entrustment.service.EntrustmentService;
import cn.sunlight.evaluation.CommitteeMember;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.evaluation.rest.EvaluationResource.ResultView;
import cn.sunlight.evaluation.service.CommitteeService;
import cn.sunlight.evaluation.service.EvaluationReport;
import cn.sunlight.opening.service.OpeningService;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Objection;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.rest.TenderViews.ClarificationView;
import cn.sunlight.tender.rest.TenderViews.DocumentView;
import cn.sunlight.tender.rest.TenderViews.ObjectionView;
import cn.sunlight.tender.rest.TenderViews.ProjectView;
import cn.sunlight.tender.rest.TenderViews.TenderView;
import cn.sunlight.tender.service.TenderDocuments;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the tendering unit's (or agent's) workspace shows: its own tenders, drafts included, each with the next action
 * the process expects and by when; one tender's documents, clarifications, objections, opening, evaluation and award.
 * It reads through the feature services, which check that the caller hosts the tender; every action itself is taken
 * through the JSON API by the page.
 */
@ApplicationScoped
public class Workspace {

    private final TenderService tenders;
    private final ObjectionService objections;
    private final ProjectService projects;
    private final TenderDocuments documents;
    private final OpeningService openings;
    private final CommitteeService committees;
    private final EvaluationReport evaluation;
    private final AwardService awards;

    private final cn.sunlight.auction.service.AuctionService auctions;
    private final EntrustmentService entrustments;

    private final cn.sunlight.tender.service.TenderSearch search;
    private final cn.sunlight.entrustment.service.HostPolicy hostPolicy;
    private final cn.sunlight.common.RequestActor actor;

    public Workspace(TenderService tenders, ObjectionService objections, ProjectService projects, TenderDocuments documents,
                     OpeningService openings, CommitteeService committees, EvaluationReport evaluation,
                     AwardService awards, cn.sunlight.auction.service.AuctionService auctions, EntrustmentService entrustments,
                     cn.sunlight.tender.service.TenderSearch search, cn.sunlight.entrustment.service.HostPolicy hostPolicy,
                     cn.sunlight.common.RequestActor actor) {
        this.search = search;
        this.hostPolicy = hostPolicy;
        this.actor = actor;
        this.entrustments = entrustments;
        this.auctions = auctions;
        this.tenders = tenders;
        this.objections = objections;
        this.projects = projects;
        this.documents = documents;
        this.openings = openings;
        this.committees = committees;
        this.evaluation = evaluation;
        this.awards = awards;
    }

    /** The next thing the host has to do, where to do it, and the time limit if the law sets one. */
    public record NextAction(Text what, String href, Instant due) {
    }

    public record Row(TenderView tender, NextAction next) {
    }

    public record Home(List<Row> tenders, List<ProjectView> projects, List<EntrustmentView> entrustments,
                       cn.sunlight.portal.Pager pager) {
        /** The trade types an entrustment may be limited to. */
        public List<TradeType> tradeTypes() {
            return List.of(TradeType.values());
        }
    }

    /**
     * One page of the host's tenders (newest first, drafts included), its latest {@value #PROJECTS} projects (the
     * project choice of a new tender; a decade of a big unit's projects does not fit in a choice list) and its latest
     * {@value #PROJECTS} entrustments (all of them through /api/entrustments, page by page).
     */
    @Transactional
    public Home home(Instant now, cn.sunlight.common.page.PageRequest page) {
        var found = search.mine(cn.sunlight.tender.service.TenderSearch.Filter.NONE, page)
                .map(t -> new Row(TenderView.of(t), next(t, now)));
        return new Home(found.items(), latestProjects().stream().map(ProjectView::of).toList(),
                entrustments.visible(cn.sunlight.common.page.PageRequest.first(PROJECTS)).items().stream()
                        .map(e -> EntrustmentView.of(e, now)).toList(),
                cn.sunlight.portal.Pager.of("/workspace", java.util.Map.of(), found, page));
    }

    static final int PROJECTS = 100;

    private List<cn.sunlight.tender.Project> latestProjects() {
        long org = actor.requireOrganisation();
        return cn.sunlight.tender.Project.<cn.sunlight.tender.Project>find(
                        actor.is(cn.sunlight.common.Role.AGENT) ? "agent.id = ?1 order by id desc" : "tenderingUnit.id = ?1 order by id desc", org)
                .range(0, PROJECTS - 1).list().stream().filter(p -> hostPolicy.hosts(p, null)).toList();
    }

    @Transactional
    public List<ProjectView> projects() {
        // The edit form's choice: the newest projects (a page at most; older ones are reached from their own page).
        return projects.projectsOfCaller(cn.sunlight.common.page.PageRequest.first(cn.sunlight.common.page.PageRequest.MAX_LIMIT))
                .items().stream().map(ProjectView::of).toList();
    }

    /** The choices of the creation steps: each trade type with the methods it allows. */
    public record TradeChoice(TradeType tradeType, List<TenderMethod> methods) {
        public String methodKeys() {
            return String.join(" ", methods.stream().map(Enum::name).toList());
        }
    }

    public List<TradeChoice> tradeChoices() {
        return Arrays.stream(TradeType.values())
                .map(t -> new TradeChoice(t, Arrays.stream(TenderMethod.values()).filter(t::allows).toList())).toList();
    }

    /** Every method, with the trade types that allow it (the page offers a method only for those). */
    public record MethodChoice(TenderMethod method, String tradeTypes) {
    }

    public List<MethodChoice> methodChoices() {
        return Arrays.stream(TenderMethod.values()).map(m -> new MethodChoice(m, String.join(" ",
                Arrays.stream(TradeType.values()).filter(t -> t.allows(m)).map(Enum::name).toList()))).toList();
    }

    public List<EvaluationMethod> evaluationMethods() {
        return List.of(EvaluationMethod.values());
    }

    public List<CryptoSuite> suites() {
        return List.of(CryptoSuite.values());
    }

    /** A draft to edit: only its host may (the service says 403 to anyone else, 404 when it does not exist). */
    @Transactional
    public TenderView draft(long id) {
        return TenderView.of(tenders.hosted(id));
    }

    public record TenderPage(TenderView tender, NextAction next, List<DocumentView> documents,
                             List<ClarificationView> clarifications, List<ObjectionView> objections, boolean acceptsBidders,
                             boolean canStartBidding, boolean canCancel) {
        public long openObjections() {
            return objections.stream().filter(o -> o.answeredAt() == null).count();
        }
    }

    @Transactional
    public TenderPage tender(long id, Instant now) {
        Tender t = tenders.hosted(id);
        List<DocumentView> docs = documents.list(id).stream().map(DocumentView::of).toList();
        List<ClarificationView> clar = Clarification.ofTender(t.id).stream().map(ClarificationView::of).toList();
        List<ObjectionView> obj = objections.objections(id).stream().map(ObjectionView::of).toList();
        boolean canStart = t.status == TenderStatus.PUBLISHED && !now.isBefore(t.schedule.documentsIssuedAt);
        return new TenderPage(TenderView.of(t), next(t, now), docs, clar, obj, t.acceptsBidders(now), canStart,
                t.status.canMoveTo(TenderStatus.CANCELLED));
    }

    public record OpeningPage(TenderView tender, OpeningService.HallView hall) {
    }

    @Transactional
    public OpeningPage opening(long id) {
        Tender t = tenders.hosted(id);
        return new OpeningPage(TenderView.of(t), Refusals.asAbsent(() -> openings.hall(id)).orElse(null));
    }

    /** The host's online-bidding page: the auction as the buyer sees it (aliases until the close), or none yet. */
    public record AuctionPage(TenderView tender, cn.sunlight.auction.service.AuctionViews.View view) {
        public boolean configured() {
            return view != null;
        }

        /** Settings can change until the auction opens. */
        public boolean editable() {
            return view == null || "SCHEDULED".equals(view.phase());
        }
    }

    @Transactional
    public AuctionPage auction(long id) {
        Tender t = tenders.hosted(id);
        if (t.method != TenderMethod.ONLINE_BIDDING) {
            throw ProblemException.conflict("not-online-bidding",
                    Text.of("该招标项目不采用网上竞价", "This tender is not run by online bidding"));
        }
        var first = cn.sunlight.auction.Auction.ofTender(t.id);
        var view = first.isPresent()
                ? cn.sunlight.auction.service.AuctionViews.of(auctions.snapshot(id, first.get().lotNumber), auctions.viewer(id)) : null;
        return new AuctionPage(TenderView.of(t), view);
    }

    public record Member(String name, int drawPosition, boolean active, String replacedReason) {
    }

    public record AwardPage(TenderView tender, NextAction next, EvaluationCommittee committee, List<Member> members,
                            int requiredSize, List<ResultView> results, Publicity publicity, List<AwardView> awards,
                            List<BondView> bonds) {
        public boolean concluded() {
            return committee != null && committee.concluded();
        }
    }

    @Transactional
    public AwardPage award(long id, Instant now) {
        Tender t = tenders.hosted(id);
        EvaluationCommittee committee = EvaluationCommittee.of(t.id).orElse(null);
        List<Member> members = committee == null ? List.of() : CommitteeMember.ofTender(t.id).stream()
                .map(m -> new Member(m.expert.displayName, m.drawPosition, m.active, m.replacedReason)).toList();
        List<ResultView> results = committee != null && committee.concluded()
                ? evaluation.resultsFor(t.id).stream().map(ResultView::of).toList() : List.of();
        Publicity publicity = Publicity.of(t.id).orElse(null);
        List<AwardView> awarded = awards.awards(t.id).stream().map(AwardView::of).toList();
        List<BondView> bonds = awards.bonds(t.id).stream().map(b -> new BondView(b.organisation.id, b.organisation.name,
                b.amount, b.paidAt, b.dueAt, b.refundedAt, b.refunded() ? b.interest : awards.interestToDate(b))).toList();
        // Online bidding has no evaluation committee (its rule set has no committee size): the auction ranks the bids.
        int required = tenders.rulesOf(t).find(cn.sunlight.rules.RuleIds.COMMITTEE_MIN_SIZE).isPresent()
                ? committees.requiredSize(t) : 0;
        return new AwardPage(TenderView.of(t), next(t, now), committee, members, required, results,
                publicity, awarded, bonds);
    }

    // ------------------------------------------------------------------ the next action

    NextAction next(Tender t, Instant now) {
        String base = "/workspace/tenders/" + t.id;
        return switch (t.status) {
            case DRAFT -> new NextAction(Text.of("完善草稿，通过发布检查后发布", "Complete the draft, pass the publication check and publish"),
                    base + "/edit", null);
            case PUBLISHED -> now.isBefore(t.schedule.documentsIssuedAt)
                    ? new NextAction(Text.of("上传招标文件；到发出时间后开始投标", "Upload the documents; start bidding when they are issued"),
                    base, t.schedule.documentsIssuedAt)
                    : new NextAction(Text.of("开始投标", "Start bidding"), base, null);
            case BIDDING -> t.method == TenderMethod.ONLINE_BIDDING ? auctionStep(t, base)
                    : new NextAction(Text.of("答复澄清与异议，等待投标截止", "Answer questions and objections until the bid deadline"),
                    base, t.schedule.bidDeadline);
            case SUSPENDED -> {
                Instant due = Objection.ofTender(t.id).stream().filter(o -> !o.answered()).map(o -> o.answerDueAt)
                        .min(Instant::compareTo).orElse(null);
                yield due == null
                        ? new NextAction(Text.of("已暂停：处理中标结果异议或投诉", "Suspended: deal with the pending objection or complaint"), base + "/award", null)
                        : new NextAction(Text.of("答复异议（答复前暂停招标投标活动）", "Answer the objection (the tender is suspended until then)"), base, due);
            }
            case CLOSED, OPENING -> t.method == TenderMethod.ONLINE_BIDDING ? auctionStep(t, base) : new NextAction(Text.of("主持开标", "Host the opening"), base + "/opening", null);
            case EVALUATION -> evaluationStep(t, base);
            case PUBLICITY -> {
                Instant ends = Publicity.of(t.id).map(p -> p.endsAt).orElse(null);
                yield new NextAction(Text.of("公示期满且无未决异议后定标", "Award once the publicity has run without pending objections"),
                        base + "/award", ends);
            }
            case AWARDED -> {
                Instant due = awards.awards(t.id).stream().filter(a -> a.contractedAt == null).map(a -> a.contractDueAt)
                        .min(Instant::compareTo).orElse(null);
                yield new NextAction(Text.of("签订并登记合同", "Sign and record the contract"), base + "/award", due);
            }
            case CONTRACTED -> {
                Instant due = BondRefund.ofTender(t.id).stream().filter(b -> !b.refunded()).map(b -> b.dueAt)
                        .min(Instant::compareTo).orElse(null);
                yield due == null ? new NextAction(Text.of("已完成", "Complete"), base + "/award", null)
                        : new NextAction(Text.of("退还投标保证金及利息", "Refund the bid bonds with interest"), base + "/award", due);
            }
            case FAILED, CANCELLED -> new NextAction(Text.of("无（已结束）", "None (ended)"), base, null);
        };
    }

    private NextAction auctionStep(Tender t, String base) {
        String href = base + "/auction";
        var auction = cn.sunlight.auction.Auction.ofTender(t.id);
        if (auction.isEmpty()) {
            return new NextAction(Text.of("设置网上竞价（起始价、降价幅度、时间）", "Set up the online bidding (start price, decrement, times)"),
                    href, null);
        }
        if (auction.get().closedAt != null) {
            return new NextAction(Text.of("网上竞价已结束，查看已签名的结果记录", "Online bidding closed: see the signed result record"),
                    href, null);
        }
        return new NextAction(Text.of("网上竞价进行中，到结束时间自动结束", "Online bidding under way: it closes itself at its end"), href,
                auction.get().endsAt);
    }

    private NextAction evaluationStep(Tender t, String base) {
        String href = base + "/award";
        Optional<EvaluationCommittee> c = EvaluationCommittee.of(t.id);
        if (c.isEmpty()) {
            return new NextAction(Text.of("抽取评标委员会", "Draw the evaluation committee"), href, null);
        }
        if (!c.get().concluded()) {
            return new NextAction(Text.of("评标委员会评标中", "The committee is evaluating"), href, null);
        }
        Optional<Publicity> p = Publicity.of(t.id);
        return new NextAction(Text.of("发布中标候选人公示", "Publish the candidates"), href, p.map(x -> x.publishDueAt).orElse(null));
    }
}
