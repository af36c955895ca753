package cn.sunlight.tender.service;

import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Clarifications and amendments of the tender documents (澄清与修改, 招标投标法 Art. 23): only between publication and the
 * bid deadline; one that may affect the preparation of bids moves the deadline so that at least amendment-notice remains.
 */
@ApplicationScoped
public class ClarificationService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final BiddingRules rules;
    private final TenderService tenders;
    private final Event<TenderService.DeadlineMoved> deadlineMoved;
    private final DocumentFormats formats;

    public ClarificationService(PlatformClock clock, RequestActor actor, AuditTrail audit, BiddingRules rules,
                                TenderService tenders, Event<TenderService.DeadlineMoved> deadlineMoved,
                                DocumentFormats formats) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.rules = rules;
        this.tenders = tenders;
        this.deadlineMoved = deadlineMoved;
        this.formats = formats;
    }

    @Transactional
    public Clarification clarify(long id, Clarification.Kind kind, String text, boolean affectsPreparation,
                                 Instant requestedDeadline) {
        Tender t = tenders.hosted(id);
        if (!t.acceptsBidders(clock.now(t))) {
            throw ProblemException.conflict("not-accepting", Text.of("只能在发布后、投标截止前澄清或修改招标文件",
                    "clarifications are possible only between publication and the bid deadline"));
        }
        Instant now = clock.now(t);
        Instant previous = t.schedule.bidDeadline;
        Instant deadline = requestedDeadline == null ? previous : requestedDeadline;
        if (deadline.isBefore(previous)) {
            throw ProblemException.invalid(Violation.of("newDeadline", "not-earlier", Text.of(
                    "澄清或修改不能提前投标截止时间", "a clarification cannot bring the deadline forward")));
        }
        if (affectsPreparation) {
            Rule notice = tenders.rulesOf(t).require("amendment-notice");
            Instant earliest = Periods.earliestAfter(now, notice, rules.calendar());
            if (deadline.isBefore(earliest)) {
                throw new ProblemException(422, "rules-violated", Text.of("澄清或修改须顺延投标截止时间",
                        "The amendment requires moving the deadline"), List.of(PublicationCheck.legal("newDeadline", notice,
                        "可能影响投标文件编制的澄清或修改，须在投标截止时间至少" + notice.figure() + "前发出，否则应顺延截止时间；最早可设为 "
                                + formats.minutes(earliest) + "（北京时间）",
                        "an amendment that affects bid preparation must be issued at least " + notice.figureEn()
                                + " before the deadline, otherwise the deadline moves; the earliest legal deadline is "
                                + formats.minutes(earliest) + " (Beijing time)")));
            }
        }
        int number = (int) Clarification.count("tender.id", t.id) + 1;
        Clarification c = new Clarification(t, number, kind, text, affectsPreparation, previous, deadline,
                UserAccount.findById(actor.userId()), now);
        c.persist();
        if (!deadline.equals(previous)) {
            t.moveDeadline(deadline);
            deadlineMoved.fire(new TenderService.DeadlineMoved(t, previous));
        }
        audit.record("tender.clarified", "tender", t.id, Map.of("number", number, "kind", kind,
                "textHash", cn.sunlight.common.CanonicalJson.sha256Hex(text), "state", t.snapshot()));
        String moved = deadline.equals(previous) ? "" : "；投标截止时间顺延至 " + formats.minutes(deadline);
        String movedEn = deadline.equals(previous) ? "" : "; the bid deadline moves to " + formats.minutes(deadline);
        tenders.notifyRegistered(t, "tender.clarified", "招标项目 " + t.code + " 发布第 " + number + " 号"
                        + (kind == Clarification.Kind.AMENDMENT ? "修改" : "澄清") + moved,
                "Tender " + t.code + " issued " + kind.name().toLowerCase() + " no. " + number + movedEn);
        return c;
    }
}
