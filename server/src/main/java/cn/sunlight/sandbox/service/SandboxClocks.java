package cn.sunlight.sandbox.service;

import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.SandboxTime;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.opening.service.DeadlineTimer;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sandbox tenders (issue 18): tenders for training and integration that run the platform's own code on an
 * accelerated clock ({@link SandboxTime}, read through {@link PlatformClock#now(PlatformClock.Timed)}). This service
 * owns what is particular to them: the speed (set at creation, changed by re-anchoring so time stays continuous and
 * the deadline timer follows), their own listing, and the operator's reset, which hides them everywhere but keeps
 * their rows and their audit events (the log is append-only; each of their entries says {@code "sandbox":true}).
 */
@ApplicationScoped
public class SandboxClocks {

    private static final Logger LOG = Logger.getLogger(SandboxClocks.class);

    private final PlatformClock clock;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final DeadlineTimer deadlines;
    private final AuditTrail audit;
    private final long defaultFactor;
    private final long maxFactor;

    public SandboxClocks(PlatformClock clock, TenderService tenders, HostPolicy hostPolicy, DeadlineTimer deadlines, AuditTrail audit,
                         @ConfigProperty(name = "sunlight.sandbox.factor", defaultValue = "1440") long defaultFactor,
                         @ConfigProperty(name = "sunlight.sandbox.max-factor", defaultValue = "1000000") long maxFactor) {
        this.clock = clock;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.deadlines = deadlines;
        this.audit = audit;
        this.defaultFactor = defaultFactor;
        this.maxFactor = maxFactor;
    }

    /** The factor a new tender gets: null for a real tender; refuses a factor without the sandbox flag or out of range. */
    public Long factorFor(boolean sandbox, Long requested) {
        if (!sandbox) {
            if (requested != null) {
                throw ProblemException.invalid(Violation.of("sandboxFactor", "sandbox-only", Text.of(
                        "只有沙箱招标项目可以设置时钟倍速（sandbox=true）", "only a sandbox tender (sandbox=true) has a clock speed")));
            }
            return null;
        }
        return checked(requested == null ? defaultFactor : requested);
    }

    private long checked(long factor) {
        if (factor < 1 || factor > maxFactor) {
            throw ProblemException.invalid(Violation.of("sandboxFactor", "range", Text.of(
                    "沙箱时钟倍速须在 1 至 " + maxFactor + " 之间", "the sandbox clock speed must be between 1 and " + maxFactor)));
        }
        return factor;
    }

    public record ClockView(long tenderId, String code, long factor, Instant sandboxNow, Instant realNow) {
        static ClockView of(Tender t, Instant real) {
            return new ClockView(t.id, t.code, t.sandbox.factor, t.sandbox.at(real), real);
        }
    }

    /** A sandbox tender's clock. */
    public ClockView clock(long tenderId) {
        Tender t = sandboxTender(tenderId);
        return ClockView.of(t, clock.now());
    }

    /**
     * Changes a sandbox tender's speed (host or operator): the clock re-anchors at this instant, so sandbox time
     * neither jumps nor runs back, and the deadline timer moves to the real instant of the same sandbox deadline.
     */
    @Transactional
    public ClockView setFactor(long tenderId, long factor) {
        Tender t = Tender.lockedForUpdate(tenderId);
        if (t == null || t.sandbox == null || t.sandboxResetAt != null) {
            throw ProblemException.notFound("sandbox tender", tenderId);
        }
        if (!hostPolicy.runs(t)) {
            throw ProblemException.forbidden(Text.of("只有招标人、代理机构或平台运营方可以调整沙箱时钟",
                    "only the host or the operator may change a sandbox clock"));
        }
        Instant real = clock.now();
        t.sandbox = t.sandbox.withFactor(checked(factor), real);
        if ((t.status == TenderStatus.PUBLISHED || t.status == TenderStatus.BIDDING) && t.schedule.bidDeadline != null) {
            deadlines.schedule(t);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("factor", factor);
        state.put("sandboxNow", t.sandbox.anchor);
        audit.record("sandbox.clock-changed", "tender", t.id, state);
        return ClockView.of(t, real);
    }

    /** Sandbox tenders not reset, newest first: the sandbox's own public list. */
    /** The sandbox's tenders not reset, newest first, one keyset page (tender_sandbox_live_idx). */
    public cn.sunlight.common.page.Page<Tender> list(cn.sunlight.common.page.PageRequest page) {
        String live = "sandbox.factor is not null and sandboxResetAt is null and status <> ?1";
        return cn.sunlight.common.page.IdPages.page(page, (below, above, limit) -> (below == null && above == null
                ? Tender.<Tender>find(live + " order by id desc", TenderStatus.DRAFT)
                : below != null ? Tender.<Tender>find(live + " and id < ?2 order by id desc", TenderStatus.DRAFT, below)
                : Tender.<Tender>find(live + " and id > ?2 order by id asc", TenderStatus.DRAFT, above)).range(0, limit - 1).list(),
                t -> t.id);
    }

    /**
     * Resets the sandbox (operator): every sandbox tender is hidden from every listing and its deadline timer removed.
     * Nothing is deleted: the audit log is append-only and the tenders' events stay verifiable, marked sandbox.
     */
    @Transactional
    public int reset() {
        Instant real = clock.now();
        List<Tender> all = Tender.list("sandbox.factor is not null and sandboxResetAt is null");
        for (Tender t : all) {
            t.sandboxResetAt = real;
            deadlines.unschedule(t.id);
            audit.record("sandbox.reset", "tender", t.id, Map.of("code", t.code, "status", t.status));
        }
        LOG.infof("sandbox reset: %d sandbox tenders hidden", all.size());
        return all.size();
    }

    private Tender sandboxTender(long tenderId) {
        Tender t = Tender.findById(tenderId);
        if (t == null || t.sandbox == null || t.sandboxResetAt != null) {
            throw ProblemException.notFound("sandbox tender", tenderId);
        }
        return t;
    }
}
