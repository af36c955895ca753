package cn.sunlight.portal.service;

import cn.sunlight.award.rest.AwardResource;
import cn.sunlight.award.service.AwardService;
import cn.sunlight.common.Text;
import cn.sunlight.opening.service.OpeningService;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.Project;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.rest.TenderViews.ClarificationView;
import cn.sunlight.tender.rest.TenderViews.DocumentView;
import cn.sunlight.tender.rest.TenderViews.TenderView;
import cn.sunlight.tender.service.TenderDocuments;
import cn.sunlight.tender.service.TenderSearch;
import cn.sunlight.tender.service.TenderService;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.portal.Pager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the public portal shows: the published tenders and, per tender, everything the law makes public — the
 * announcement, clarifications, the opening as read out, the candidate publicity and the result. It reads through
 * the same services as the API, so it can never show more than the API would to an anonymous reader.
 */
@ApplicationScoped
public class PublicPortal {

    private final TenderService tenders;
    private final TenderSearch search;
    private final TenderDocuments documents;
    private final OpeningService openings;
    private final AwardService awards;

    public PublicPortal(TenderService tenders, TenderSearch search, TenderDocuments documents, OpeningService openings,
                        AwardService awards) {
        this.tenders = tenders;
        this.search = search;
        this.documents = documents;
        this.openings = openings;
        this.awards = awards;
    }

    /** The search form as typed: blank or unknown values mean "any", dates are Beijing calendar days. */
    public record Query(String tradeType, String status, String region, String from, String to, String q) {

        TenderSearch.Filter toFilter() {
            return new TenderSearch.Filter(parse(TradeType.class, tradeType), null, parse(TenderStatus.class, status),
                    blank(region) ? null : region.trim(), day(from, 0), day(to, 1), blank(q) ? null : q.trim());
        }

        /** The filters as typed, for the pager's links (a page of results keeps them in its URL). */
        public java.util.Map<String, String> filters() {
            return cn.sunlight.portal.Pager.filters("q", q, "tradeType", tradeType, "region", region, "status", status,
                    "from", from, "to", to);
        }

        public String value(String s) {
            return s == null ? "" : s;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static <E extends Enum<E>> E parse(Class<E> type, String v) {
            try {
                return blank(v) ? null : Enum.valueOf(type, v.trim());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static Instant day(String v, int plusDays) {
            try {
                return blank(v) ? null : LocalDate.parse(v.trim()).plusDays(plusDays).atStartOfDay(cn.sunlight.portal.PortalFormats.BEIJING).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    /** One page of results; {@code refusal}: why the keyword was not searched (too short or long), else null. */
    public record Results(Page<TenderView> page, Pager pager, String refusal) {
    }

    @Transactional
    public Results search(Query query, PageRequest page, java.util.Locale locale) {
        Page<TenderView> found;
        try {
            found = search.published(query.toFilter(), page).map(TenderView::of);
        } catch (ProblemException e) {
            if (e.violations().isEmpty() || !"q".equals(e.violations().getFirst().field())) {
                throw e;
            }
            return new Results(new Page<>(List.of(), null, null, 0L, true), null,
                    e.violations().getFirst().message().in(locale));
        }
        return new Results(found, Pager.of("/", query.filters(), found, page), null);
    }

    /**
     * The regions that have projects, for the search form's choice list: a skip scan over project_region_idx (one
     * index probe per region), not a read of every project of the decade.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> regions() {
        return (List<String>) Project.getEntityManager().createNativeQuery("""
                with recursive r(region) as (
                    (select region from project where region > '' order by region limit 1)
                    union all
                    select (select p.region from project p where p.region > r.region order by p.region limit 1)
                    from r where r.region is not null)
                select region from r where region is not null""").getResultList();
    }

    /** One event in a tender's public timeline. */
    public record Step(Instant at, Text what, boolean done) {
    }

    public record TenderPage(TenderView tender, List<Step> timeline, List<ClarificationView> clarifications,
                             List<DocumentView> documents, OpeningService.HallView opening,
                             AwardService.PublicityView publicity, List<AwardResource.AwardView> awards,
                             boolean opened) {
    }

    @Transactional
    public TenderView tenderView(long id) {
        return TenderView.of(tenders.view(id));
    }

    @Transactional
    public TenderPage tender(long id, Instant now) {
        Tender t = tenders.view(id);
        TenderView view = TenderView.of(t);
        List<ClarificationView> clarifications = Clarification.ofTender(t.id).stream().map(ClarificationView::of).toList();
        List<DocumentView> docs = t.status == TenderStatus.DRAFT ? List.of()
                : documents.list(id).stream().map(DocumentView::of).toList();
        OpeningService.HallView hall = Refusals.asAbsent(() -> openings.hall(id)).orElse(null);
        AwardService.PublicityView publicity = Refusals.asAbsent(() -> awards.publicity(id)).orElse(null);
        List<AwardResource.AwardView> awarded = Refusals.asAbsent(() -> awards.awards(id).stream().map(AwardResource.AwardView::of).toList())
                .orElse(List.of());
        return new TenderPage(view, timeline(view, clarifications, hall, publicity, awarded, now), clarifications, docs, hall,
                publicity, awarded, t.status.openedOrLater());
    }

    private static List<Step> timeline(TenderView t, List<ClarificationView> clarifications, OpeningService.HallView hall,
                                       AwardService.PublicityView publicity, List<AwardResource.AwardView> awarded,
                                       Instant now) {
        List<Step> steps = new ArrayList<>();
        add(steps, t.publishedAt(), Text.of("发布招标公告", "Announcement published"), now);
        add(steps, t.schedule().documentsIssuedAt(), Text.of("发售招标文件", "Tender documents on sale"), now);
        for (ClarificationView c : clarifications) {
            add(steps, c.publishedAt(), Text.of("澄清/修改 第" + c.number() + "号", "Clarification no. " + c.number()), now);
        }
        add(steps, t.schedule().clarificationCutoff(), Text.of("澄清截止", "Clarification cut-off"), now);
        add(steps, t.schedule().bidDeadline(), Text.of("投标截止暨开标", "Bid deadline and opening"), now);
        if (hall != null && hall.decryptionEndsAt() != null) {
            add(steps, hall.decryptionEndsAt(), Text.of("解密截止", "Decryption window ends"), now);
        }
        if (publicity != null) {
            add(steps, publicity.publishedAt(), Text.of("中标候选人公示", "Candidates published"), now);
            add(steps, publicity.endsAt(), Text.of("公示期满", "Publicity ends"), now);
        }
        for (AwardResource.AwardView a : awarded) {
            add(steps, a.awardedAt(), Text.of("第" + a.lot() + "标段定标", "Lot " + a.lot() + " awarded"), now);
            add(steps, a.contractedAt(), Text.of("第" + a.lot() + "标段签订合同", "Lot " + a.lot() + " contract signed"), now);
        }
        steps.sort(Comparator.comparing(Step::at));
        return steps;
    }

    private static void add(List<Step> steps, Instant at, Text what, Instant now) {
        if (at != null) {
            steps.add(new Step(at, what, !at.isAfter(now)));
        }
    }
}
