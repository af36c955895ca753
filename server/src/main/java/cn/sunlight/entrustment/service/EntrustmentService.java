package cn.sunlight.entrustment.service;

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
import cn.sunlight.entrustment.Entrustment;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Granting, listing and revoking entrustments. The tendering unit grants and revokes its own (or the trading
 * centre's operator does on its behalf, from the signed paper entrustment); the agent sees those naming it;
 * supervisors see all of them (their reads are logged). Every grant and revocation is an audit event.
 */
@ApplicationScoped
public class EntrustmentService {

    /** An entrustment is a contract for a defined period; ten years bounds a typo, not a legal term. */
    static final Duration LONGEST = Duration.ofDays(3653);

    private final RequestActor actor;
    private final PlatformClock clock;
    private final AuditTrail audit;

    public EntrustmentService(RequestActor actor, PlatformClock clock, AuditTrail audit) {
        this.actor = actor;
        this.clock = clock;
        this.audit = audit;
    }

    public record Grant(Long tenderingUnitId, String agentCreditCode, Long projectId, Set<TradeType> tradeTypes,
                        Instant validFrom, Instant validUntil) {
    }

    @Transactional
    public Entrustment grant(Grant g) {
        Organisation unit = grantingUnit(g.tenderingUnitId());
        Organisation agent = Organisation.byCreditCode(g.agentCreditCode() == null ? "" : g.agentCreditCode().trim())
                .filter(o -> o.kind == OrganisationKind.AGENT)
                .orElseThrow(() -> ProblemException.invalid(Violation.of("agentCreditCode", "agent",
                        Text.of("不是已登记的招标代理机构", "not a registered tendering agent"))));
        Instant now = clock.now();
        Instant from = g.validFrom() == null ? now : g.validFrom();
        if (g.validUntil() == null) {
            throw ProblemException.invalid(Violation.of("validUntil", "required",
                    Text.of("须写明委托期限", "the entrustment must state its period")));
        }
        if (!g.validUntil().isAfter(from) || !g.validUntil().isAfter(now)) {
            throw ProblemException.invalid(Violation.of("validUntil", "after-start",
                    Text.of("委托期限须晚于开始时间和当前时间", "the period must end after its start and after now")));
        }
        if (Duration.between(from, g.validUntil()).compareTo(LONGEST) > 0) {
            throw ProblemException.invalid(Violation.of("validUntil", "at-most-10-years",
                    Text.of("委托期限不得超过十年", "the period may not exceed ten years")));
        }
        Project project = null;
        if (g.projectId() != null) {
            project = Project.<Project>findByIdOptional(g.projectId()).filter(p -> p.tenderingUnit.id.equals(unit.id))
                    .orElseThrow(() -> ProblemException.invalid(Violation.of("projectId", "own-project",
                            Text.of("不是该招标人的项目", "not a project of this tendering unit"))));
            if (project.agent != null && !project.agent.id.equals(agent.id)) {
                throw ProblemException.conflict("other-agent", Text.of("该项目已委托其他代理机构",
                        "the project is entrusted to another agent"));
            }
            project.agent = agent;
        }
        Entrustment e = new Entrustment(unit, agent, project, g.tradeTypes(), from, g.validUntil(),
                UserAccount.findById(actor.userId()), now);
        e.persist();
        audit.record("entrustment.granted", "entrustment", e.id, snapshot(e));
        return e;
    }

    /** The caller's view, one page newest first: the unit's own, the agent's own, or all for operators and supervisors. */
    @Transactional
    public cn.sunlight.common.page.Page<Entrustment> visible(cn.sunlight.common.page.PageRequest page) {
        if (actor.is(Role.OPERATOR)) {
            return Entrustment.page("id >= ?1", 0, page);
        }
        if (actor.is(Role.SUPERVISOR)) {
            audit.read("entrustment.list-read", "entrustment", "all");
            return Entrustment.page("id >= ?1", 0, page);
        }
        long org = actor.requireOrganisation();
        if (actor.is(Role.TENDERER)) {
            return Entrustment.page("tenderingUnit.id = ?1", org, page);
        }
        if (actor.is(Role.AGENT)) {
            return Entrustment.page("agent.id = ?1", org, page);
        }
        throw ProblemException.forbidden(Text.of("无权查看委托", "not allowed to read entrustments"));
    }

    @Transactional
    public Entrustment revoke(long id) {
        Entrustment e = Entrustment.<Entrustment>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("entrustment", id));
        if (!actor.is(Role.OPERATOR) && !(actor.is(Role.TENDERER) && e.tenderingUnit.id.equals(actor.organisationId()))) {
            throw ProblemException.notFound("entrustment", id);
        }
        if (e.revoked()) {
            throw ProblemException.conflict("already-revoked", Text.of("该委托已撤销", "the entrustment was already revoked"));
        }
        e.revoke(UserAccount.findById(actor.userId()), clock.now());
        audit.record("entrustment.revoked", "entrustment", e.id, snapshot(e));
        return e;
    }

    private Organisation grantingUnit(Long tenderingUnitId) {
        if (actor.is(Role.TENDERER)) {
            long own = actor.requireOrganisation();
            if (tenderingUnitId != null && tenderingUnitId != own) {
                throw ProblemException.forbidden(Text.of("招标人只能以本单位名义委托",
                        "a tendering unit can only entrust on its own behalf"));
            }
            return Organisation.findById(own);
        }
        if (!actor.is(Role.OPERATOR)) {
            throw ProblemException.forbidden(Text.of("只有招标人或交易中心可以登记委托",
                    "only the tendering unit or the trading centre may record an entrustment"));
        }
        if (tenderingUnitId == null) {
            throw ProblemException.invalid(Violation.of("tenderingUnitId", "required",
                    Text.of("须指明委托的招标人", "name the tendering unit that entrusts")));
        }
        return Organisation.<Organisation>findByIdOptional(tenderingUnitId)
                .filter(o -> o.kind == OrganisationKind.TENDERING_UNIT)
                .orElseThrow(() -> ProblemException.invalid(Violation.of("tenderingUnitId", "tendering-unit",
                        Text.of("不是已登记的招标人", "not a registered tendering unit"))));
    }

    private static Map<String, Object> snapshot(Entrustment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", e.tenderingUnit.creditCode);
        m.put("agent", e.agent.creditCode);
        m.put("project", e.project == null ? "*" : e.project.code);
        m.put("tradeTypes", e.tradeTypes == null ? "*" : e.tradeTypes);
        m.put("validFrom", e.validFrom.toString());
        m.put("validUntil", e.validUntil.toString());
        m.put("revokedAt", e.revokedAt == null ? "" : e.revokedAt.toString());
        return m;
    }
}
