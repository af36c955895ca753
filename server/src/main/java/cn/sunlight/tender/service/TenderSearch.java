package cn.sunlight.tender.service;

import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.input.Bounds;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tender lists of a province's decade (issue 20): public search, a host's own tenders and the trades under way,
 * each a keyset page newest first (by id, the primary key: ids grow with creation) that reads only its rows.
 *
 * <p>The keyword {@code q} matches title, code, project name, region and tendering unit (the {@code search_text}
 * column V17 keeps): three characters or more through the pg_trgm GIN index, exactly two (a common Chinese word,
 * "道路") through the two-character-substring array index; one character is refused as 400 naming {@code q}.
 * Totals are counted up to {@value #COUNT_CAP} and reported as a lower bound beyond.
 */
@ApplicationScoped
public class TenderSearch {

    static final int COUNT_CAP = 1000;
    static final int MAX_Q = 100;
    /** Rounds of refilling a host's page when rows its entrustments no longer cover were dropped. */
    private static final int MAX_ROUNDS = 10;

    public record Filter(TradeType tradeType, TenderMethod method, TenderStatus status, String region, Instant from,
                         Instant to, String q) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null, null);
    }

    private final EntityManager em;
    private final RequestActor actor;
    private final HostPolicy hostPolicy;

    public TenderSearch(EntityManager em, RequestActor actor, HostPolicy hostPolicy) {
        this.em = em;
        this.actor = actor;
        this.hostPolicy = hostPolicy;
    }

    /** Published tenders as anyone may search them: never drafts, never sandbox tenders (issue 18). */
    @Transactional
    public Page<Tender> published(Filter f, PageRequest page) {
        Sql sql = new Sql("t.status <> 'DRAFT' and t.sandbox_factor is null and t.sandbox_reset_at is null");
        sql.filter(f);
        return page(sql, page, true);
    }

    /** The caller's own tenders (a tendering unit's, or those an agent holds an entrustment for), drafts included. */
    @Transactional
    public Page<Tender> mine(Filter f, PageRequest page) {
        long org = actor.requireOrganisation();
        Sql sql = new Sql("t.sandbox_reset_at is null");
        if (actor.is(Role.AGENT)) {
            sql.and("p.agent_id = :org", "org", org);
        } else {
            sql.and("p.tendering_unit_id = :org", "org", org);
        }
        sql.filter(f);
        // An agent's own tenders are those it still holds an entrustment for (HostPolicy): a page keeps reading
        // until it is full, so dropped rows never shorten it; the cursor is the last row read, so none is skipped.
        PageRequest request = page;
        List<Tender> kept = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Tender> rows = rows(sql, request);
            for (Tender t : rows) {
                if (kept.size() <= page.limit() && hostPolicy.hosts(t)) {
                    kept.add(t);
                }
            }
            if (kept.size() > page.limit() || rows.size() < request.fetch()) {
                break;
            }
            Tender last = rows.getLast();
            request = new PageRequest(page.limit(), page.backwards()
                    ? cn.sunlight.common.page.Cursor.before(last.id) : cn.sunlight.common.page.Cursor.after(last.id));
        }
        return Page.of(page, kept, t -> new Object[]{t.id});
    }

    /** Published tenders whose bidding may still be open (published or bidding), newest first: the bidder's list. */
    @Transactional
    public Page<Tender> accepting(PageRequest page) {
        Sql sql = new Sql("t.status in ('PUBLISHED', 'BIDDING') and t.sandbox_factor is null and t.sandbox_reset_at is null");
        return page(sql, page, false);
    }

    /** Trades under way (the supervisors' desk): not a draft and not finished, newest first. */
    @Transactional
    public Page<Tender> live(PageRequest page) {
        Sql sql = new Sql("t.status not in ('DRAFT', 'CONTRACTED', 'CANCELLED', 'FAILED') and t.sandbox_reset_at is null");
        return page(sql, page, true);
    }

    private Page<Tender> page(Sql sql, PageRequest page, boolean count) {
        Page<Tender> p = Page.of(page, rows(sql, page), t -> new Object[]{t.id});
        return count ? p.withTotal(Page.Total.capped(count(sql), COUNT_CAP)) : p;
    }

    /**
     * Plans made for the actual values, not a generic plan: after five executions the driver prepares a statement on
     * the server, and PostgreSQL's generic plan for {@code like $1} or {@code trade_type = $1} cannot tell a word in
     * 40% of the decade (read newest first and stop) from one in 0.01% (ask the index) — measured at 100k tenders, a
     * generic plan made the search a hundred times slower. Local to the transaction.
     */
    private void customPlans() {
        em.createNativeQuery("select set_config('plan_cache_mode', 'force_custom_plan', true)").getSingleResult();
    }

    /** The page's rows in the request's direction, one more than the limit, fetched with their project and unit. */
    private List<Tender> rows(Sql sql, PageRequest page) {
        customPlans();
        StringBuilder where = new StringBuilder(sql.where);
        Map<String, Object> params = new HashMap<>(sql.params);
        if (page.cursor() != null) {
            where.append(page.backwards() ? " and t.id > :cursorId" : " and t.id < :cursorId");
            params.put("cursorId", page.cursor().longKey(PageRequest.CURSOR, 0));
        }
        Query q = em.createNativeQuery("select t.id from tender t join project p on p.id = t.project_id where " + where
                + " order by t.id " + (page.backwards() ? "asc" : "desc") + " limit " + page.fetch());
        params.forEach(q::setParameter);
        List<Long> ids = ((List<?>) q.getResultList()).stream().map(o -> ((Number) o).longValue()).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Tender> byId = new LinkedHashMap<>();
        for (Tender t : em.createQuery("select t from Tender t join fetch t.project p join fetch p.tenderingUnit"
                + " left join fetch p.agent where t.id in :ids", Tender.class).setParameter("ids", ids).getResultList()) {
            byId.put(t.id, t);
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private long count(Sql sql) {
        customPlans();
        Query q = em.createNativeQuery("select count(*) from (select 1 from tender t join project p on p.id = t.project_id where "
                + sql.where + " limit " + (COUNT_CAP + 1) + ") x");
        sql.params.forEach(q::setParameter);
        return ((Number) q.getSingleResult()).longValue();
    }

    /** A where clause built from fixed fragments; every value is a bind parameter. */
    private static final class Sql {
        final StringBuilder where;
        final Map<String, Object> params = new HashMap<>();

        Sql(String base) {
            where = new StringBuilder(base);
        }

        void and(String fragment, String name, Object value) {
            where.append(" and ").append(fragment);
            params.put(name, value);
        }

        void filter(Filter f) {
            if (f.tradeType() != null) {
                and("t.trade_type = :tradeType", "tradeType", f.tradeType().name());
            }
            if (f.method() != null) {
                and("t.method = :method", "method", f.method().name());
            }
            if (f.status() != null) {
                and("t.status = :status", "status", f.status().name());
            }
            if (f.region() != null && !f.region().isBlank()) {
                and("p.region = :region", "region", f.region().trim());
            }
            if (f.from() != null) {
                and("t.published_at >= :from", "from", Timestamp.from(f.from()));
            }
            if (f.to() != null) {
                and("t.published_at < :to", "to", Timestamp.from(f.to()));
            }
            String q = keyword(f.q());
            if (q != null) {
                // The substring test always decides; the index conditions only let PostgreSQL find candidates.
                and("t.search_text like :like escape '\\'", "like", "%" + escapeLike(q) + "%");
                if (q.codePointCount(0, q.length()) == 2) {
                    and("t.search_bigrams @> cast(:bigram as text[])", "bigram", "{\"" + q.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
                }
            }
        }
    }

    /** The keyword as searched (trimmed, lower-cased), null when absent; 400 naming q when too short or long. */
    static String keyword(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String k = q.trim().toLowerCase(Locale.ROOT);
        int n = k.codePointCount(0, k.length());
        if (n < 2 || n > MAX_Q) {
            throw Bounds.refusal(400, "q", "length", Text.of("关键词须为 2 到 " + MAX_Q + " 个字符",
                    "a keyword needs 2 to " + MAX_Q + " characters"));
        }
        return k;
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
