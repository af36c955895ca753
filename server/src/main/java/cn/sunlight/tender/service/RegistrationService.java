package cn.sunlight.tender.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.credit.CreditCheck;
import cn.sunlight.credit.service.CreditGate;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bidder registration (报名): a bidder registers while the tender accepts bidders; who registered stays confidential
 * until the opening (招标投标法 Art. 22), then the host and overseers may read the list (their reads logged).
 */
@ApplicationScoped
public class RegistrationService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final CreditGate credit;
    private final InvitationService invitations;

    public RegistrationService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                               HostPolicy hostPolicy, CreditGate credit, InvitationService invitations) {
        this.credit = credit;
        this.invitations = invitations;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
    }

    @Transactional
    public BidderRegistration register(long id) {
        Tender t = tenders.publicTender(id);
        Instant now = clock.now(t);
        if (!t.acceptsBidders(now)) {
            throw ProblemException.conflict("not-accepting", Text.of("该项目当前不接受投标人报名",
                    "the tender does not accept bidders now"));
        }
        long org = actor.requireOrganisation();
        Optional<BidderRegistration> existing = BidderRegistration.of(t.id, org);
        if (existing.isPresent()) {
            return existing.get();
        }
        // An invited tender admits its invitees only (招标投标法 Art. 17; 政府采购法 Art. 34).
        invitations.requireInvited(t, org);
        // A supplier debarred from this trade type may not take part (政府采购法 Art. 22 (5), 77; 招标投标法 Art. 53-54).
        credit.requireClear(t.id, org, CreditCheck.Stage.REGISTRATION);
        BidderRegistration r = new BidderRegistration(t, Organisation.findById(org), UserAccount.findById(actor.userId()), now);
        r.persist();
        // Who registered is confidential until the opening, in the public log too.
        audit.recordConfidential("tender.bidder-registered", "tender", t.id, Map.of("registration", r.id));
        return r;
    }

    public Optional<BidderRegistration> ownRegistration(long id) {
        return BidderRegistration.of(id, actor.requireOrganisation());
    }

    /** The registered bidders: confidential until the opening, then visible to host, operator and supervisor. */
    @Transactional
    public List<BidderRegistration> registrations(long id) {
        Tender t = tenders.find(id);
        hostPolicy.requireOverseer(t);
        if (!t.status.openedOrLater()) {
            throw ProblemException.conflict("confidential-before-opening", Text.of(
                    "开标前投标人名称和数量保密（《招标投标法》第二十二条）",
                    "Before the opening the names and number of bidders are confidential (Tendering Law Art. 22)"));
        }
        audit.read("tender.registrations-read", "tender", t.id);
        return BidderRegistration.ofTender(t.id);
    }
}
