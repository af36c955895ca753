package cn.sunlight.entrustment.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.OrganisationKind;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.entrustment.Entrustment;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.Project;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The one answer to "who may act for this tendering unit" (招标投标法 Art. 12-13: the unit runs its tender itself or
 * entrusts an agency; 政府采购法 Art. 19: the purchaser signs an entrustment naming scope and period). The unit's own
 * tenderer accounts always may; an agent only while an entrustment from the unit is in force and covers the project
 * and trade type. Every host check of the platform goes through here, and reads the entrustment on every request,
 * so a revocation stops the agent at its next request.
 */
@ApplicationScoped
public class HostPolicy {

    private final RequestActor actor;
    private final PlatformClock clock;

    public HostPolicy(RequestActor actor, PlatformClock clock) {
        this.actor = actor;
        this.clock = clock;
    }

    /** Whether the caller hosts {@code t}: its unit's tenderer, or the project's agent with an entrustment in force. */
    public boolean hosts(Tender t) {
        return hosts(t.project, t.tradeType);
    }

    /** {@code tradeType} null: an act on the project not tied to one trade type. */
    public boolean hosts(Project p, TradeType tradeType) {
        Long org = actor.organisationId();
        if (org == null) {
            return false;
        }
        if (actor.is(Role.TENDERER)) {
            return org.equals(p.tenderingUnit.id);
        }
        if (actor.is(Role.AGENT)) {
            return p.agent != null && org.equals(p.agent.id) && entrusted(p.tenderingUnit.id, org, p, tradeType);
        }
        return false;
    }

    public void requireHost(Tender t) {
        requireHost(t.project, t.tradeType);
    }

    /**
     * Whether the caller oversees {@code t}: the trading centre (operator), a supervisor (招标投标法 Art. 7: the
     * administrative supervisors oversee the whole procedure) or its host. The one answer to "host, or
     * operator/supervisor" that the confidential reads of a tender (registrations, objections, documents, the opening
     * record, the evaluation, bonds, award notices) share.
     */
    public boolean oversees(Tender t) {
        return actor.is(Role.OPERATOR) || actor.is(Role.SUPERVISOR) || hosts(t);
    }

    /** Refuses unless the caller {@link #oversees} {@code t}; the refusal is the host refusal (it names the entrustment). */
    public void requireOverseer(Tender t) {
        if (!actor.is(Role.OPERATOR) && !actor.is(Role.SUPERVISOR)) {
            requireHost(t);
        }
    }

    /** Whether the caller runs {@code t}: its host, or the trading centre that runs the platform (committee draw, sandbox clock). */
    public boolean runs(Tender t) {
        return actor.is(Role.OPERATOR) || hosts(t);
    }

    public void requireHost(Project p, TradeType tradeType) {
        if (hosts(p, tradeType)) {
            return;
        }
        if (actor.is(Role.AGENT) && p.agent != null && p.agent.id.equals(actor.organisationId())) {
            throw notEntrusted();
        }
        throw ProblemException.forbidden(Text.of("只有该项目的招标人或其代理机构可以执行此操作",
                "only the project's tendering unit or its agent may do this"));
    }

    /**
     * The tendering unit a new project belongs to: the tenderer's own unit, or for an agent the unit it names, which
     * must have entrusted it with all its projects (a project-scoped entrustment names an existing project).
     */
    public Organisation unitForNewProject(Long tenderingUnitId) {
        long own = actor.requireOrganisation();
        if (actor.is(Role.TENDERER)) {
            return Organisation.findById(own);
        }
        if (!actor.is(Role.AGENT)) {
            throw ProblemException.forbidden(Text.of("只有招标人或受托的代理机构可以建立项目",
                    "only a tendering unit or its entrusted agent may create projects"));
        }
        if (tenderingUnitId == null) {
            throw ProblemException.invalid(Violation.of("tenderingUnitId", "required", Text.of(
                    "代理机构须指明委托的招标人", "an agent must name the tendering unit that entrusted it")));
        }
        Organisation unit = Organisation.<Organisation>findByIdOptional(tenderingUnitId)
                .filter(o -> o.kind == OrganisationKind.TENDERING_UNIT)
                .orElseThrow(() -> ProblemException.invalid(Violation.of("tenderingUnitId", "tendering-unit",
                        Text.of("不是已登记的招标人", "not a registered tendering unit"))));
        if (!entrusted(unit.id, own, null, null)) {
            throw notEntrusted();
        }
        return unit;
    }

    /**
     * The tender's agent if its entrustment is in force now: the one the platform tells about the tender's events
     * (an agent whose entrustment ended hears no more about the unit's tenders).
     */
    public Optional<Organisation> actingAgent(Tender t) {
        Project p = t.project;
        return p.agent != null && entrusted(p.tenderingUnit.id, p.agent.id, p, t.tradeType) ? Optional.of(p.agent) : Optional.empty();
    }

    private boolean entrusted(long unitId, long agentId, Project p, TradeType tradeType) {
        return Entrustment.inForce(unitId, agentId, clock.now()).stream().anyMatch(e -> e.covers(p, tradeType));
    }

    private static ProblemException notEntrusted() {
        return new ProblemException(403, "not-entrusted", Text.of(
                "代理机构没有该招标人有效的委托（《招标投标法》第十二、十三条，《政府采购法》第十九条）",
                "The agent holds no entrustment in force from this tendering unit (Tendering Law Art. 12-13, "
                        + "Government Procurement Law Art. 19)"));
    }
}
