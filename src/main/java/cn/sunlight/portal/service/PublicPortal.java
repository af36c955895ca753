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
import cn.sunlight.tender.service.TenderService;
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
    private final TenderDocuments documents;
    private final OpeningService openings;
    private final AwardService awards;

    public PublicPortal(TenderService tenders, TenderDocuments documents, OpeningService openings, AwardService awards) {
        this.tenders = tenders;
        this.documents = documents;
        this.openings = openings;
        this.awards = awards;
    }

    /** The search form as typed: blank or unknown values mean "any", dates are Beijing calendar days. */
    public record Query(String tradeType, String status, String region, String from, String to, String q) {

        TenderService.Search toSearch() {
            return new TenderService.Search(parse(TradeType.class, tradeType), parse(TenderStatus.class, status),
                    blank(region) ? null : region.trim(), day(from, 0), day(to, 1), blank(q) ? null : q.trim());
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

    @Transactional
    public List<TenderView> search(Query query) {
        return tenders.search(query.toSearch(), false).stream().map(TenderView::of).toList();
    }

    /** The regions that have projects, for the search form's choice list. */
    @Transactional
    public List<String> regions() {
        return Project.<Project>listAll().stream().map(p -> p.region).filter(r -> r != null && !r.isBlank())
                .distinct().sorted().toList();
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
