package cn.sunlight.bond.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bond.BondAccount;
import cn.sunlight.bond.BondGuarantee;
import cn.sunlight.bond.GuarantorAnchor;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.crypto.Pem;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Electronic guarantees (电子投标保函) in place of a cash bond: uploaded by the bidder before the deadline and accepted
 * only when the guarantor's CMS signature verifies, its certificate chains to the guarantor trust list the operators
 * keep, the amount is at least the required bond (实施条例 Art. 26), the validity covers the bid validity period (ibid.:
 * the bond's validity equals the bid's) and it names this tender, lot and bidder. Refusals name the field and the rule.
 */
@ApplicationScoped
public class BondGuarantees {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final BondLedger ledger;
    private final BlobStore blobs;

    public BondGuarantees(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders, BondLedger ledger,
                          BlobStore blobs) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.ledger = ledger;
        this.blobs = blobs;
    }

    @Transactional
    public BondGuarantee upload(long tenderId, int lot, byte[] document) {
        Tender t = tenders.publicTender(tenderId);
        Instant now = clock.now(t);
        if (t.schedule.bidDeadline == null || !now.isBefore(t.schedule.bidDeadline)) {
            throw ProblemException.conflict("deadline-passed", Text.of("投标截止后不能再提交投标保函", "No guarantee after the bid deadline"));
        }
        BondAccount account = ledger.own(t, lot);
        List<X509Certificate> anchors = GuarantorAnchor.all().stream().map(a -> Pem.readCertificate(a.certificate)).toList();
        GuaranteeVerifier.Guarantee g = GuaranteeVerifier.verify(document, anchors, clock.now());
        RuleSet set = tenders.rulesOf(t);
        Rule bond = set.find(RuleIds.BID_BOND_BY_DEADLINE).orElseThrow(() -> ProblemException.conflict("no-bond", Text.of(
                "该采购方式不收取投标保证金", "this procedure takes no bid bond")));
        if (!g.tenderCode().equals(t.code)) {
            throw GuaranteeVerifier.refused("tenderCode", "guarantee-names", Text.of("保函载明的招标项目（" + g.tenderCode()
                    + "）不是本项目（" + t.code + "）", "the guarantee names tender " + g.tenderCode() + ", not " + t.code));
        }
        if (g.lot() != lot) {
            throw GuaranteeVerifier.refused("lot", "guarantee-names", Text.of("保函载明的标段（" + g.lot() + "）不是第 " + lot + " 标段",
                    "the guarantee names lot " + g.lot() + ", not lot " + lot));
        }
        if (!g.bidderCreditCode().equals(account.organisation.creditCode)) {
            throw GuaranteeVerifier.refused("bidderCreditCode", "guarantee-names", Text.of("保函载明的投标人不是上传者",
                    "the guarantee names another bidder than the uploader"));
        }
        if (g.amount().compareTo(t.bidBond) < 0) {
            throw GuaranteeVerifier.refused(new Violation("amount", bond.id(), Text.of("保函金额 " + g.amount().toPlainString()
                    + " 元低于招标文件要求的投标保证金 " + t.bidBond.toPlainString() + " 元", "the guaranteed amount RMB "
                    + g.amount().toPlainString() + " is below the required bid bond of RMB " + t.bidBond.toPlainString()),
                    t.bidBond.toPlainString(), bond.citation()));
        }
        LocalDate deadline = t.schedule.bidDeadline.atZone(clock.zone()).toLocalDate();
        Rule validity = set.require(RuleIds.BID_VALIDITY);
        LocalDate needed = deadline.plusDays(validity.longValue());
        if (g.validFrom().isAfter(deadline) || g.validUntil().isBefore(needed)) {
            throw GuaranteeVerifier.refused(new Violation("validUntil", validity.id(), Text.of("保函有效期（" + g.validFrom() + " 至 "
                    + g.validUntil() + "）未覆盖投标有效期（" + deadline + " 至 " + needed + "）", "the guarantee's validity ("
                    + g.validFrom() + " to " + g.validUntil() + ") does not cover the bid validity period (" + deadline + " to "
                    + needed + ")"), validity.figure(), validity.citation()));
        }
        if (BondGuarantee.count("account.id = ?1 and guaranteeNo = ?2", account.id, g.guaranteeNo()) > 0) {
            throw ProblemException.conflict("guarantee-exists", Text.of("该保函已提交", "This guarantee was already uploaded"));
        }
        String sha;
        try {
            sha = blobs.put(new ByteArrayInputStream(document), Long.MAX_VALUE).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BondGuarantee saved = new BondGuarantee(account, g.guaranteeNo(), g.guarantor(), g.signerSubject(), g.amount(), g.validFrom(),
                g.validUntil(), sha, now);
        saved.persist();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("lot", lot);
        state.put("organisation", account.organisation.creditCode);
        state.put("guaranteeNo", g.guaranteeNo());
        state.put("guarantor", g.guarantor());
        state.put("amount", g.amount().toPlainString());
        state.put("validUntil", g.validUntil().toString());
        state.put("document", sha);
        // Who gave a guarantee is who bids: confidential until the opening.
        audit.recordConfidential("bond.guarantee-accepted", "tender", t.id, state);
        return saved;
    }

    public List<BondGuarantee> mine(long tenderId, int lot) {
        Tender t = tenders.publicTender(tenderId);
        return BondAccount.of(t.id, lot, actor.requireOrganisation()).map(a -> BondGuarantee.ofAccount(a.id)).orElse(List.of());
    }

    // ---------------------------------------------------------------- trust list

    @Transactional
    public GuarantorAnchor trust(String pem) {
        requireOperator();
        X509Certificate cert;
        try {
            cert = Pem.readCertificate(pem);
        } catch (RuntimeException e) {
            throw ProblemException.invalid(Violation.of("certificate", "pem", Text.of("不是 PEM 证书", "not a PEM certificate")));
        }
        if (cert.getBasicConstraints() < 0) {
            throw ProblemException.invalid(Violation.of("certificate", "ca-certificate", Text.of("信任列表只收 CA 证书",
                    "only CA certificates go on the trust list")));
        }
        String sha;
        try {
            sha = HexFormat.of().formatHex(CanonicalJson.sha256(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        GuarantorAnchor existing = GuarantorAnchor.find("sha256", sha).firstResult();
        if (existing != null) {
            return existing;
        }
        GuarantorAnchor a = new GuarantorAnchor(cert.getSubjectX500Principal().getName(), sha, Pem.write(cert), clock.now(), actor.userId());
        a.persist();
        audit.record("bond.guarantor-trusted", "guarantor-anchor", a.id, Map.of("subject", a.subject, "sha256", sha));
        return a;
    }

    public List<GuarantorAnchor> trustList() {
        if (!actor.is(Role.OPERATOR) && !actor.is(Role.SUPERVISOR)) {
            throw ProblemException.forbidden(Text.of("仅运营和监督人员可查看", "operators and supervisors only"));
        }
        return GuarantorAnchor.all();
    }

    private void requireOperator() {
        if (!actor.is(Role.OPERATOR)) {
            throw ProblemException.forbidden(Text.of("只有平台运营人员可以维护担保机构信任列表", "only operators keep the guarantor trust list"));
        }
    }
}
