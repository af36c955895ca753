package cn.sunlight.tender.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.OrganisationKind;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.Invitation;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invitations of the methods that invite (邀请招标: 招标投标法 Art. 17, 政府采购法 Art. 34): the host names the invitees
 * while the tender is a draft (publication checks their number against {@code min-invitees}); at publication each
 * receives a signed invitation letter in its inbox; only invitees may register (and so bid). Who was invited is
 * confidential until the award (招标投标法 Art. 22: potential bidders' names are not disclosed), then public.
 */
@ApplicationScoped
public class InvitationService {

    /** Far above any legal minimum; bounds the request. */
    static final int MAX_INVITEES = 100;

    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final RequestActor actor;
    private final PlatformClock clock;
    private final AuditTrail audit;
    private final SignedDocuments documents;
    private final BlobStore blobs;
    private final DocumentFormats formats;

    public InvitationService(TenderService tenders, HostPolicy hostPolicy, RequestActor actor, PlatformClock clock, AuditTrail audit,
                             SignedDocuments documents, BlobStore blobs, DocumentFormats formats) {
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.actor = actor;
        this.clock = clock;
        this.audit = audit;
        this.documents = documents;
        this.blobs = blobs;
        this.formats = formats;
    }

    /** The invitee rule of the tender's method, if the method invites. */
    public Optional<Rule> inviteeRule(Tender t) {
        return tenders.rulesOf(t).find(RuleIds.MIN_INVITEES);
    }

    /** Replaces the draft's invitees with the organisations of {@code creditCodes} (registered suppliers). */
    @Transactional
    public List<Invitation> name(long tenderId, List<String> creditCodes) {
        Tender t = tenders.hosted(tenderId);
        t.requireDraft();
        if (inviteeRule(t).isEmpty()) {
            throw ProblemException.invalid(Violation.of("method", "not-inviting", Text.of(
                    t.method.zh() + "不邀请投标人，不能指定受邀单位", "a " + t.method.en() + " invites nobody")));
        }
        if (creditCodes == null || creditCodes.size() > MAX_INVITEES) {
            throw ProblemException.invalid(Violation.of("creditCodes", "size", Text.of("须列出 1 至 " + MAX_INVITEES + " 家受邀单位",
                    "list 1 to " + MAX_INVITEES + " invitees")));
        }
        Set<Organisation> orgs = new LinkedHashSet<>();
        for (int i = 0; i < creditCodes.size(); i++) {
            String code = creditCodes.get(i) == null ? "" : creditCodes.get(i).strip();
            String field = "creditCodes[" + i + "]";
            Organisation o = Organisation.byCreditCode(code).filter(x -> x.kind == OrganisationKind.BIDDER)
                    .orElseThrow(() -> ProblemException.invalid(Violation.of(field, "supplier", Text.of(
                            "不是本平台登记的投标人/供应商", "not a supplier registered on the platform"))));
            if (!orgs.add(o)) {
                throw ProblemException.invalid(Violation.of(field, "unique", Text.of("重复的受邀单位", "invited twice")));
            }
        }
        Invitation.delete("tenderId", t.id);
        Invitation.getEntityManager().flush();
        Instant now = clock.now(t);
        UserAccount by = UserAccount.findById(actor.userId());
        for (Organisation o : orgs) {
            new Invitation(t.id, o, by, now).persist();
        }
        // The number only: who is invited stays out of the log's clear text until it may be known.
        audit.recordConfidential("tender.invitees-named", "tender", t.id, Map.of("count", orgs.size()));
        return Invitation.ofTender(t.id);
    }

    /** At publication: a signed invitation letter to each invitee's inbox, in the publishing transaction. */
    void onPublished(@Observes TenderService.TenderPublished event) {
        Tender t = event.tender();
        List<Invitation> invitations = Invitation.ofTender(t.id);
        if (invitations.isEmpty()) {
            return;
        }
        Rule rule = inviteeRule(t).orElseThrow();
        Instant now = clock.now(t);
        int n = 0;
        for (Invitation inv : invitations) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("letterNo", t.code + "-YQ-" + (++n));
            l.put("tenderCode", t.code);
            l.put("title", t.title);
            l.put("invitee", inv.organisation.name);
            l.put("inviteeCode", inv.organisation.creditCode);
            l.put("tenderingUnit", t.project.tenderingUnit.name);
            l.put("agent", t.project.agent == null ? null : t.project.agent.name);
            l.put("qualifications", t.qualifications == null ? "" : t.qualifications);
            l.put("documentsIssuedAt", formats.minutes(t.schedule.documentsIssuedAt));
            l.put("bidDeadline", formats.minutes(t.schedule.bidDeadline));
            l.put("openingPlace", t.schedule.openingPlace);
            l.put("citation", rule.citation());
            l.put("issuedAt", formats.minutes(now));
            byte[] pdf = documents.renderSigned("invitation-letter.html", Map.of("l", l), "投标邀请书 / Invitation " + t.code, t.isSandbox());
            inv.issueLetter(store(pdf), now);
            new Notification(inv.organisation.id, t.id, "tender.invitation", "贵单位受邀参加 " + t.code + "《" + t.title
                    + "》的投标，投标截止 " + formats.minutes(t.schedule.bidDeadline) + "，投标邀请书见 /api/tenders/" + t.id + "/invitation.pdf",
                    "You are invited to tender for " + t.code + " (" + t.title + "), deadline " + formats.minutes(t.schedule.bidDeadline)
                            + "; the invitation letter is at /api/tenders/" + t.id + "/invitation.pdf", now).persist();
        }
        audit.recordConfidential("tender.invitations-issued", "tender", t.id, Map.of("count", invitations.size()));
    }

    /** Registration of an inviting tender: only invitees (403 citing the article). */
    public void requireInvited(Tender t, long organisationId) {
        Optional<Rule> rule = inviteeRule(t);
        if (rule.isPresent() && Invitation.of(t.id, organisationId).isEmpty()) {
            throw new ProblemException(403, "not-invited", Text.of("本项目为邀请招标，只有受邀单位可以报名和投标",
                    "This is an invited tender: only invitees may register and bid"), List.of(new Violation("organisation",
                    rule.get().id(), Text.of("贵单位未受邀请", "your organisation was not invited"), rule.get().figure(), rule.get().citation())));
        }
    }

    /**
     * The invitees: the host, operator and supervisors at any time (a supervisor's read logged); everyone else only once
     * the tender is awarded, when the invitation facts are public.
     */
    @Transactional
    public List<Invitation> list(long tenderId) {
        Tender t = tenders.find(tenderId);
        if (!t.isPublic() && !(actor.authenticated() && hostPolicy.oversees(t))) {
            throw ProblemException.notFound("tender", tenderId);
        }
        boolean public_ = t.status == TenderStatus.AWARDED || t.status == TenderStatus.CONTRACTED;
        if (!public_) {
            if (!actor.authenticated() || !hostPolicy.oversees(t)) {
                throw ProblemException.conflict("confidential-before-award", Text.of("定标前受邀单位名单保密（《招标投标法》第二十二条）",
                        "Who was invited is confidential until the award (Tendering Law Art. 22)"));
            }
            if (actor.is(Role.SUPERVISOR)) {
                audit.read("tender.invitations-read", "tender", t.id);
            }
        }
        return Invitation.ofTender(t.id);
    }

    /** The caller's own invitation letter. */
    public InputStream ownLetter(long tenderId) {
        Tender t = tenders.publicTender(tenderId);
        Invitation inv = Invitation.of(t.id, actor.requireOrganisation()).filter(i -> i.letterSha256 != null)
                .orElseThrow(() -> ProblemException.notFound("invitation letter of tender", tenderId));
        return blobs.open(inv.letterSha256);
    }

    private String store(byte[] pdf) {
        try {
            return blobs.put(new ByteArrayInputStream(pdf), Long.MAX_VALUE).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
