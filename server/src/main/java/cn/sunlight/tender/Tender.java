package cn.sunlight.tender;

import cn.sunlight.account.UserAccount;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tender (招标/采购项目的一次交易). It carries the lifecycle's verbs; every verb checks that the
 * state machine allows it and answers 409 otherwise. Legal checks against the rules live in
 * {@code PublicationCheck}, which the service runs before calling {@link #publish}.
 */
@Entity
@Table(name = "tender")
public class Tender extends PanacheEntityBase implements cn.sunlight.common.PlatformClock.Timed {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String code;

    @Column(nullable = false)
    public String title;

    @ManyToOne(optional = false)
    @JoinColumn(name = "project_id")
    public Project project;

    @Enumerated(EnumType.STRING)
    @Column(name = "trade_type", nullable = false)
    public TradeType tradeType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TenderMethod method;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TenderStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "suspended_from")
    public TenderStatus suspendedFrom;

    @Column(nullable = false)
    public BigDecimal budget;

    @Column(name = "ceiling_price")
    public BigDecimal ceilingPrice;

    @Column(name = "bid_bond", nullable = false)
    public BigDecimal bidBond;

    @Enumerated(EnumType.STRING)
    @Column(name = "evaluation_method", nullable = false)
    public EvaluationMethod evaluationMethod;

    @Enumerated(EnumType.STRING)
    @Column(name = "crypto_suite", nullable = false)
    public CryptoSuite cryptoSuite;

    public String qualifications;

    @Embedded
    public Schedule schedule = new Schedule();

    @Column(name = "rules_id")
    public String rulesId;

    @Column(name = "rules_version")
    public String rulesVersion;

    @Column(name = "published_at")
    public Instant publishedAt;

    @ManyToOne(optional = false)
    @JoinColumn(name = "created_by")
    public UserAccount createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** Null for a real tender; a sandbox tender's accelerated clock otherwise (issue 18). */
    @Embedded
    public cn.sunlight.common.SandboxTime sandbox;

    /** When an operator reset the sandbox: the tender is hidden from every listing; its rows and log stay. */
    /** The failed tender this one re-runs (重新招标, 实施条例 Art. 55; 政府采购法实施条例 Art. 49), if any. */
    @Column(name = "rerun_of")
    public Long rerunOf;

    @Column(name = "sandbox_reset_at")
    public Instant sandboxResetAt;

    /** Lots are few and always shown with their tender, so they load with it. */
    @OneToMany(mappedBy = "tender", cascade = CascadeType.ALL, orphanRemoval = true, fetch = jakarta.persistence.FetchType.EAGER)
    @OrderBy("number")
    public List<Lot> lots = new ArrayList<>();

    protected Tender() {
    }

    public Tender(String code, String title, Project project, TradeType tradeType, TenderMethod method,
                  UserAccount createdBy, Instant createdAt) {
        this.code = code;
        this.title = title;
        this.project = project;
        this.tradeType = tradeType;
        this.method = method;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.status = TenderStatus.DRAFT;
        this.cryptoSuite = CryptoSuite.INTERNATIONAL;
        this.bidBond = BigDecimal.ZERO;
    }

    /** Only a draft may be edited; after publication changes go through clarifications/amendments. */
    public void requireDraft() {
        if (status != TenderStatus.DRAFT) {
            throw illegal("edit", null);
        }
    }

    public void replaceLots(List<Map.Entry<String, BigDecimal>> namesAndBudgets) {
        requireDraft();
        // Lot numbers are unique per tender and Hibernate inserts before it deletes orphans: keep the rows of the
        // numbers that stay, change them in place, and remove or add only the difference.
        lots.sort(java.util.Comparator.comparingInt(l -> l.number));
        int n = 0;
        for (var e : namesAndBudgets) {
            if (n < lots.size()) {
                Lot lot = lots.get(n);
                lot.number = n + 1;
                lot.name = e.getKey();
                lot.budget = e.getValue();
            } else {
                lots.add(new Lot(this, n + 1, e.getKey(), e.getValue()));
            }
            n++;
        }
        while (lots.size() > n) {
            lots.remove(lots.size() - 1);
        }
    }

    public void publish(RuleSet rules, Instant now) {
        moveTo(TenderStatus.PUBLISHED, "publish");
        this.rulesId = rules.id();
        this.rulesVersion = rules.version();
        this.publishedAt = now;
    }

    /** Documents are issued: bidders may register, download and prepare bids. */
    public void startBidding(Instant now) {
        if (status == TenderStatus.PUBLISHED && schedule.documentsIssuedAt != null && now.isBefore(schedule.documentsIssuedAt)) {
            throw ProblemException.conflict("too-early", Text.of(
                    "招标文件发出时间（" + schedule.documentsIssuedAt + "）尚未到达", "Documents are not issued before " + schedule.documentsIssuedAt));
        }
        moveTo(TenderStatus.BIDDING, "start-bidding");
    }

    /** The deadline passed: submission is closed; decided by the server clock. */
    public void close(Instant now) {
        if (now.isBefore(schedule.bidDeadline)) {
            throw ProblemException.conflict("before-deadline", Text.of("投标截止时间尚未到达", "The bid deadline has not passed"));
        }
        moveTo(TenderStatus.CLOSED, "close");
    }

    public void suspend() {
        TenderStatus from = status;
        moveTo(TenderStatus.SUSPENDED, "suspend");
        suspendedFrom = from;
    }

    public void resume() {
        if (status != TenderStatus.SUSPENDED) {
            throw illegal("resume", TenderStatus.SUSPENDED);
        }
        status = suspendedFrom;
        suspendedFrom = null;
    }

    public void cancel() {
        moveTo(TenderStatus.CANCELLED, "cancel");
    }

    public void fail() {
        moveTo(TenderStatus.FAILED, "fail");
    }

    public void moveDeadline(Instant newDeadline) {
        if (schedule.clarificationCutoff != null && schedule.clarificationCutoff.isAfter(newDeadline)) {
            schedule.clarificationCutoff = newDeadline;
        }
        schedule.bidDeadline = newDeadline;
    }

    /** Bidders may register and prepare bids while documents are out and the deadline has not passed. */
    public boolean acceptsBidders(Instant now) {
        return (status == TenderStatus.PUBLISHED || status == TenderStatus.BIDDING)
                && schedule.bidDeadline != null && now.isBefore(schedule.bidDeadline);
    }

    /** A sandbox tender's clock starts at its publication (see {@link #startSandboxClock}); a draft lives in real time. */
    @Override
    public cn.sunlight.common.SandboxTime sandboxTime() {
        return status == TenderStatus.DRAFT ? null : sandbox;
    }

    /** At publication: the sandbox clock starts from the real instant {@code real}, so the checked schedule is the one typed. */
    public void startSandboxClock(Instant real) {
        if (sandbox != null) {
            sandbox = new cn.sunlight.common.SandboxTime(sandbox.factor, real, real);
        }
    }

    /**
     * The tender under a row lock, read after the lock is held (null if there is none). {@code findById(id,
     * PESSIMISTIC_WRITE)} takes a follow-on lock here (the lots are outer-joined) and keeps the state it read before
     * the lock: a concurrent change (a deadline moved, a sandbox clock re-anchored) then fails the later update.
     */
    public static Tender lockedForUpdate(long id) {
        if (!lockRow(id)) {
            return null;
        }
        Tender t = findById(id);
        getEntityManager().refresh(t);
        return t;
    }

    /**
     * Takes the tender's row lock and nothing else (false if there is no such tender): one statement, one row, no
     * entity loaded — unlike {@code findById(id, PESSIMISTIC_WRITE)}, which loads the eager graph and follow-on locks it.
     * {@code for no key update}, as Hibernate's PESSIMISTIC_WRITE on PostgreSQL: rows referencing the tender can still
     * be inserted by others meanwhile.
     */
    public static boolean lockRow(long id) {
        return !getEntityManager().createNativeQuery("select id from tender where id = ?1 for no key update")
                .setParameter(1, id).getResultList().isEmpty();
    }

    /** The clock subject of tender {@code id} for {@code PlatformClock.now(…)}: its sandbox clock, if it has one. */
    public static cn.sunlight.common.PlatformClock.Timed timed(long id) {
        Tender t = findById(id);
        return t;
    }

    public boolean isSandbox() {
        return sandbox != null;
    }

    public boolean isPublic() {
        return status != TenderStatus.DRAFT;
    }

    /** The moves generic to every state; a dedicated verb is used where the move has extra meaning. */
    public void moveTo(TenderStatus target, String verb) {
        if (!status.canMoveTo(target)) {
            throw illegal(verb, target);
        }
        status = target;
    }

    private ProblemException illegal(String verb, TenderStatus target) {
        return ProblemException.conflict("illegal-transition", Text.of(
                "招标项目当前状态为「" + status.label().zh() + "」，不能执行 " + verb
                        + (target == null ? "" : "（→ " + target.label().zh() + "）"),
                "The tender is " + status.name() + "; '" + verb + "' is not allowed"
                        + (target == null ? "" : " (→ " + target.name() + ")")));
    }

    /** What the audit trail hashes as this tender's state. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("code", code);
        m.put("title", title);
        m.put("status", status);
        m.put("tradeType", tradeType);
        m.put("method", method);
        m.put("budget", budget == null ? null : budget.toPlainString());
        m.put("ceilingPrice", ceilingPrice == null ? null : ceilingPrice.toPlainString());
        m.put("bidBond", bidBond.toPlainString());
        m.put("documentsIssuedAt", schedule.documentsIssuedAt);
        m.put("documentsSaleEndsAt", schedule.documentsSaleEndsAt);
        m.put("clarificationCutoff", schedule.clarificationCutoff);
        m.put("bidDeadline", schedule.bidDeadline);
        m.put("rulesVersion", rulesVersion);
        if (sandbox != null) {
            m.put("sandbox", true);
        }
        m.put("lots", lots.stream().map(l -> l.number + ":" + l.name + ":" + l.budget.toPlainString()).toList());
        return m;
    }
}
