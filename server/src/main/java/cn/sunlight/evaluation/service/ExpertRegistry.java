package cn.sunlight.evaluation.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.evaluation.ExpertProfile;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expert registry (专家库): each expert's specialty, which the committee draw selects by, and the organisations it
 * is linked to, which the draw treats as conflicts of interest (实施条例 Art. 46). The operator keeps it.
 */
@ApplicationScoped
public class ExpertRegistry {

    private final PlatformClock clock;
    private final AuditTrail audit;

    public ExpertRegistry(PlatformClock clock, AuditTrail audit) {
        this.clock = clock;
        this.audit = audit;
    }

    /** An expert of the registry with its account. */
    public record Expert(ExpertProfile profile, UserAccount account) {
    }

    @Transactional
    public Expert describe(long userId, String specialty, Set<Long> linkedOrganisations) {
        UserAccount u = UserAccount.<UserAccount>findByIdOptional(userId).filter(a -> a.role == Role.EXPERT)
                .orElseThrow(() -> ProblemException.notFound("expert", userId));
        for (Long org : linkedOrganisations) {
            if (Organisation.findById(org) == null) {
                throw ProblemException.invalid(Violation.of("linkedOrganisations", "unknown",
                        Text.of("未登记的机构 " + org, "unknown organisation " + org)));
            }
        }
        ExpertProfile p = ExpertProfile.<ExpertProfile>findByIdOptional(userId).orElseGet(() -> new ExpertProfile(userId));
        p.describe(specialty.strip(), linkedOrganisations, clock.now());
        p.persist();
        audit.record("expert.described", "user", u.id, Map.of("specialty", p.specialty, "linked", p.linkedOrganisations));
        return new Expert(p, u);
    }

    /** The registry one keyset page at a time, newest account first (by the expert's account id, the profile's key). */
    @Transactional
    public cn.sunlight.common.page.Page<Expert> experts(cn.sunlight.common.page.PageRequest page) {
        return cn.sunlight.common.page.IdPages.page(page, (below, above, limit) -> {
            String q = "select p, u from ExpertProfile p, UserAccount u left join fetch u.organisation where u.id = p.userId";
            var query = below == null && above == null
                    ? Panache.getEntityManager().createQuery(q + " order by p.userId desc", Object[].class)
                    : below != null ? Panache.getEntityManager().createQuery(q + " and p.userId < ?1 order by p.userId desc", Object[].class)
                    .setParameter(1, below)
                    : Panache.getEntityManager().createQuery(q + " and p.userId > ?1 order by p.userId asc", Object[].class)
                    .setParameter(1, above);
            return query.setMaxResults(limit).getResultList().stream().map(r -> new Expert((ExpertProfile) r[0], (UserAccount) r[1])).toList();
        }, e -> e.profile().userId);
    }

}
