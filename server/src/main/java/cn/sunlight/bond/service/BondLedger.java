package cn.sunlight.bond.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bond.BondAccount;
import cn.sunlight.bond.BondCheck;
import cn.sunlight.bond.BondGuarantee;
import cn.sunlight.bond.BondPayment;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Lot;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bid-bond ledger: the virtual sub-accounts issued to bidders, and the bank statements of the centre's bond account
 * imported by an operator. Who paid a bond is as confidential as who bid (招标投标法 Art. 22): a bidder sees its own
 * sub-accounts and payments, host and overseers the tender's ledger only from the opening, and the log entries of
 * matched payments are withheld from the public until the opening.
 */
@ApplicationScoped
public class BondLedger {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final String accountPrefix;
    private final String accountName;
    private final String bank;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public BondLedger(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders, HostPolicy hostPolicy,
                      @ConfigProperty(name = "sunlight.bond.account-prefix") String accountPrefix,
                      @ConfigProperty(name = "sunlight.bond.account-name") String accountName,
                      @ConfigProperty(name = "sunlight.bond.bank") String bank,
                      com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.accountName = accountName;
        this.bank = bank;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.accountPrefix = accountPrefix;
    }

    public record AccountView(BondAccount account, String accountName, String bank, BigDecimal required, List<BondPayment> payments,
                              List<BondGuarantee> guarantees) {
    }

    /**
     * The caller's sub-accounts for a tender, one per lot, issued on the first request of a registered bidder (the
     * registration is what entitles it to one: 实施条例 Art. 26 lets the documents name the account bonds go to).
     */
    @Transactional
    public List<AccountView> mine(long tenderId) {
        Tender t = tenders.publicTender(tenderId);
        long org = actor.requireOrganisation();
        if (BidderRegistration.of(t.id, org).isEmpty()) {
            throw ProblemException.forbidden(Text.of("报名后方可获取投标保证金子账号", "register for the tender to get bond sub-accounts"));
        }
        List<AccountView> out = new ArrayList<>();
        for (Lot lot : t.lots.stream().sorted((a, b) -> Integer.compare(a.number, b.number)).toList()) {
            BondAccount a = BondAccount.of(t.id, lot.number, org).orElseGet(() -> issue(t, lot.number, org));
            out.add(new AccountView(a, accountName, bank, t.bidBond, BondPayment.ofAccount(a.id), BondGuarantee.ofAccount(a.id)));
        }
        return out;
    }

    /** The bidder's sub-account for one lot (issued if needed): where its guarantee is filed too. */
    @Transactional
    public BondAccount own(Tender t, int lot) {
        long org = actor.requireOrganisation();
        if (BidderRegistration.of(t.id, org).isEmpty()) {
            throw ProblemException.forbidden(Text.of("报名后方可提交投标保证金", "register for the tender to provide a bond"));
        }
        if (t.lots.stream().noneMatch(l -> l.number == lot)) {
            throw ProblemException.notFound("lot", lot);
        }
        return BondAccount.of(t.id, lot, org).orElseGet(() -> issue(t, lot, org));
    }

    private BondAccount issue(Tender t, int lot, long org) {
        BondAccount a = new BondAccount(t.id, lot, Organisation.findById(org), newNumber(), clock.now(t));
        a.persist();
        audit.recordConfidential("bond.account-issued", "tender", t.id, Map.of("lot", lot, "account", a.accountNo));
        return a;
    }

    /** Centre prefix + 14 random digits + a Luhn check digit, so that a mistyped sub-account never matches another. */
    String newNumber() {
        while (true) {
            StringBuilder s = new StringBuilder(accountPrefix);
            for (int i = 0; i < 14; i++) {
                s.append(RANDOM.nextInt(10));
            }
            s.append(luhn(s));
            if (BondAccount.byNumber(s.toString()).isEmpty()) {
                return s.toString();
            }
        }
    }

    static int luhn(CharSequence digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }

    // ---------------------------------------------------------------- statement import

    public record ImportResult(String statementSha256, int lines, int added, int duplicates, int matched, List<BondPayment> unmatched) {
    }

    /**
     * Imports a statement: lines already imported (same sub-account and bank reference) are skipped, so importing a
     * statement twice, or two overlapping statements, records each credit once. Imports are serialised by an advisory
     * lock so that two instances importing the same statement cannot both add a line.
     */
    @Transactional
    public ImportResult importStatement(String contentType, String body) {
        if (!actor.is(Role.OPERATOR)) {
            throw ProblemException.forbidden(Text.of("只有平台运营人员可以导入银行流水", "only operators import bank statements"));
        }
        boolean csv = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
        List<StatementFormat.Line> lines = csv ? StatementFormat.csv(body == null ? "" : body)
                : StatementFormat.json(body == null ? "" : body, json);
        Panache.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('bond-statement-import'))").getSingleResult();
        Instant now = clock.now();
        int added = 0;
        int duplicates = 0;
        int matched = 0;
        List<BondPayment> unmatched = new ArrayList<>();
        for (StatementFormat.Line l : lines) {
            if (BondPayment.exists(l.subAccount(), l.bankReference())) {
                duplicates++;
                continue;
            }
            BondAccount account = BondAccount.byNumber(l.subAccount()).orElse(null);
            BondPayment p = new BondPayment(l.subAccount(), l.bankReference(), l.payerAccount(), l.payerName(), l.amount(),
                    l.valueDate(), account, now, actor.userId());
            p.persist();
            added++;
            if (account == null) {
                unmatched.add(p);
                continue;
            }
            matched++;
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("lot", account.lotNumber);
            state.put("organisation", account.organisation.creditCode);
            state.put("subAccount", l.subAccount());
            state.put("bankReference", l.bankReference());
            state.put("amount", l.amount().toPlainString());
            state.put("valueDate", l.valueDate().toString());
            // Confidential until the opening: a payment into a sub-account says who is going to bid.
            audit.recordConfidential("bond.payment-recorded", "tender", account.tenderId, state);
        }
        String sha = CanonicalJson.sha256Hex(body);
        audit.record("bond.statement-imported", "bond-statement", sha, Map.of("lines", lines.size(), "added", added,
                "duplicates", duplicates, "matched", matched, "unmatched", unmatched.size()));
        return new ImportResult(sha, lines.size(), added, duplicates, matched, unmatched);
    }

    /** Lines the bank credited to sub-accounts the platform never issued: the operator returns them to the payer. */
    public List<BondPayment> unmatched(int limit) {
        if (!actor.is(Role.OPERATOR)) {
            throw ProblemException.forbidden(Text.of("只有平台运营人员可以查看未匹配流水", "only operators see unmatched lines"));
        }
        return BondPayment.unmatched(Math.max(1, Math.min(limit, 500)));
    }

    // ---------------------------------------------------------------- the tender's ledger

    public record TenderLedger(long tenderId, BigDecimal required, List<BondPayment> payments, List<BondGuarantee> guarantees,
                               List<BondCheck> checks) {
    }

    /** The tender's ledger for host, operator and supervisor: from the opening only (招标投标法 Art. 22). */
    @Transactional
    public TenderLedger ledger(long tenderId) {
        Tender t = tenders.find(tenderId);
        hostPolicy.requireOverseer(t);
        if (!t.status.openedOrLater() && t.status != cn.sunlight.tender.TenderStatus.FAILED) {
            throw ProblemException.conflict("confidential-before-opening", Text.of(
                    "开标前投标保证金缴纳情况保密（《招标投标法》第二十二条）",
                    "Before the opening who paid a bond is confidential (Tendering Law Art. 22)"));
        }
        audit.read("bond.ledger-read", "tender", t.id);
        List<BondGuarantee> guarantees = BondGuarantee.list("account.tenderId = ?1 order by id", t.id);
        return new TenderLedger(t.id, t.bidBond, BondPayment.ofTender(t.id), guarantees, BondCheck.ofTender(t.id));
    }
}
