package cn.sunlight.tender.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.tender.Project;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;

/**
 * Projects (招标项目): created for the caller's tendering unit, or by an agent for the unit that entrusted it
 * ({@link HostPolicy#unitForNewProject}); a project holds the unit's tenders. Every change is audited.
 */
@ApplicationScoped
public class ProjectService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final HostPolicy hostPolicy;

    public ProjectService(PlatformClock clock, RequestActor actor, AuditTrail audit, HostPolicy hostPolicy) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.hostPolicy = hostPolicy;
    }

    @Transactional
    public Project createProject(String name, String region, Long tenderingUnitId) {
        Organisation unit = hostPolicy.unitForNewProject(tenderingUnitId);
        Organisation agent = actor.is(Role.AGENT) ? Organisation.findById(actor.requireOrganisation()) : null;
        long seq = ((Number) Panache.getEntityManager().createNativeQuery("select nextval('project_code_seq')")
                .getSingleResult()).longValue();
        String code = "P-%d-%06d".formatted(clock.local().getYear(), seq);
        Project p = new Project(code, name, region, unit, agent, clock.now());
        p.persist();
        audit.record("project.created", "project", p.id, Map.of("code", code, "name", name, "unit", unit.creditCode));
        return p;
    }

    /**
     * The projects the caller's organisation hosts, newest first, one keyset page (project_unit_idx / project_agent_idx:
     * a unit's or an agent's projects by id); an agent's projects without an entrustment in force are skipped.
     */
    public cn.sunlight.common.page.Page<Project> projectsOfCaller(cn.sunlight.common.page.PageRequest page) {
        long org = actor.requireOrganisation();
        String who = actor.is(Role.AGENT) ? "agent.id = ?1" : "tenderingUnit.id = ?1";
        return cn.sunlight.common.page.IdPages.page(page, (below, above, limit) -> (below == null && above == null
                        ? Project.<Project>find(who + " order by id desc", org)
                        : below != null ? Project.<Project>find(who + " and id < ?2 order by id desc", org, below)
                        : Project.<Project>find(who + " and id > ?2 order by id asc", org, above)).range(0, limit - 1).list(),
                p -> hostPolicy.hosts(p, null), p -> p.id);
    }
}
