package cn.sunlight.supervision.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.Complaint;
import cn.sunlight.tender.Objection;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import cn.sunlight.tender.service.TenderSearch;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The supervision authority's desk: complaints and their handling, every trade in progress, the
 * alerts every feature contributes, and any tender as it stood at a past instant. Supervisors read
 * everything, and each of their reads is itself an audit event.
 */
@ApplicationScoped
public class SupervisionService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final BiddingRules rules;
    private final Instance<AlertSource> sources;
    private final TenderSearch search;
    private final Instance<StoredAlerts> stored;

    public SupervisionService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                              BiddingRules rules, Instance<AlertSource> sources, TenderSearch search,
                              Instance<StoredAlerts> stored) {
        this.search = search;
        this.stored = stored;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.rules = rules;
        this.sources = sources;
    }

    // ---------------------------------------------------------------- complaints

    @Transactional
    public Complaint complain(long tenderId, String subject, String text) {
        Tender t = tenders.publicTender(tenderId);
        Instant now = clock.now(t);
        Rule accept = tenders.rulesOf(t).require("complaint-accept");
        Complaint c = new Complaint(t, Organisation.findById(actor.requireOrganisation()), UserAccount.findById(actor.userId()),
                subject, text, now, Periods.actionDeadline(now, accept, rules.calendar()));
        c.persist();
        audit.record("complaint.received", "tender", t.id, Map.of("complaint", c.id, "acceptDue", c.acceptDueAt));
        return c;
    }

    @Transactional
    public Complaint accept(long complaintId) {
        Complaint c = complaint(complaintId);
        if (c.accepted()) {
            throw ProblemException.conflict("already-accepted", Text.of("该投诉已受理", "the complaint was already accepted"));
        }
        Instant now = clock.now(c.tender);
        Rule decide = tenders.rulesOf(c.tender).require("complaint-decide");
        c.accept(UserAccount.findById(actor.userId()), now, Periods.actionDeadline(now, decide, rules.calendar()));
        audit.record("complaint.accepted", "tender", c.tender.id, Map.of("complaint", c.id, "decideDue", c.decideDueAt));
        return c;
    }

    @Transactional
    public Complaint decide(long complaintId, String decision) {
        Complaint c = complaint(complaintId);
        if (!c.accepted() || c.decided()) {
            throw ProblemException.conflict("not-decidable", Text.of("只能对已受理且未处理的投诉作出决定",
                    "only an accepted, undecided complaint can be decided"));
        }
        c.decide(decision, UserAccount.findById(actor.userId()), clock.now(c.tender));
        audit.record("complaint.decided", "tender", c.tender.id, Map.of("complaint", c.id, "decisionHash", CanonicalJson.sha256Hex(decision)));
        return c;
    }

    @Transactional
    public Page<Complaint> complaints(PageRequest page) {
        audit.read("supervision.complaints-read", "supervision", null);
        return ComplaintPages.page(page);
    }

    private Complaint complaint(long id) {
        return Complaint.<Complaint>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("complaint", id));
    }

    // ---------------------------------------------------------------- desk

    public record Trade(Tender tender, long openObjections, long openComplaints, List<Alert> alerts) {
    }

    /**
     * One page of the trades under way (newest first); only the page's tenders are counted and matched to alerts: the
     * time-limit alerts in force (few: the obligations whose limit is near or past) and the page's stored signals.
     */
    @Transactional
    public Page<Trade> trades(PageRequest page) {
        audit.read("supervision.trades-read", "supervision", null);
        return trades(page, inForce());
    }

    /** A page of alerts and how many stand at each level (all of them, whatever the page's filter). */
    public record Alerts(Page<Alert> page, long red, long yellow, boolean countsExact) {
    }

    /** The desk's first screen: a page of trades and a page of alerts with the counts. */
    public record Desk(Page<Trade> trades, Alerts alerts) {
    }

    /** Counted no further than this: past it the desk says "at least". */
    public static final long COUNT_CAP = 1000;

    @Transactional
    public Desk desk(PageRequest page, PageRequest alertPage) {
        audit.read("supervision.trades-read", "supervision", null);
        audit.read("supervision.alerts-read", "supervision", null);
        List<Alert> computed = inForce();
        return new Desk(trades(page, computed), alerts(alertPage, null, computed));
    }

    private Page<Trade> trades(PageRequest page, List<Alert> computed) {
        Page<Tender> found = search.live(page);
        List<Long> ids = found.items().stream().map(t -> t.id).toList();
        List<Alert> all = new ArrayList<>(computed.stream().filter(a -> ids.contains(a.tenderId())).toList());
        for (StoredAlerts s : stored) {
            all.addAll(s.ofTenders(ids));
        }
        all.sort(Alert.ORDER);
        return found.map(t -> new Trade(t, Objection.openFor(t.id),
                Complaint.count("tender.id = ?1 and decidedAt is null", t.id),
                all.stream().filter(a -> t.id.equals(a.tenderId())).toList()));
    }

    /** One page of the alerts in {@link Alert#ORDER} (red first, nearest limit first); {@code tenderId}: one tender's. */
    @Transactional
    public Alerts alerts(PageRequest page, Long tenderId) {
        audit.read("supervision.alerts-read", "supervision", null);
        return alerts(page, tenderId, inForce());
    }

    /** Every alert of one tender (the desk's alert page numbers them in this order). */
    @Transactional
    public List<Alert> alertsOf(long tenderId) {
        audit.read("supervision.alerts-read", "supervision", null);
        List<Alert> all = new ArrayList<>(inForce().stream().filter(a -> a.tenderId() != null && a.tenderId() == tenderId).toList());
        for (StoredAlerts s : stored) {
            all.addAll(s.ofTenders(List.of(tenderId)));
        }
        all.sort(Alert.ORDER);
        return all;
    }

    /**
     * A keyset page over two kinds of alert merged in one order: the computed ones (a short list, filtered and sorted
     * here) and the stored ones (read from the database after the cursor, no more than the page).
     */
    private Alerts alerts(PageRequest page, Long tenderId, List<Alert> computed) {
        Alert.Key from = page.cursor() == null ? null : key(page.cursor());
        boolean back = page.backwards();
        java.util.Comparator<Alert> order = back ? Alert.ORDER.reversed() : Alert.ORDER;
        List<Alert> merged = new ArrayList<>(computed.stream()
                .filter(a -> tenderId == null || tenderId.equals(a.tenderId()))
                .filter(a -> from == null || (back ? Alert.Key.ORDER.compare(a.key(), from) < 0 : Alert.Key.ORDER.compare(a.key(), from) > 0))
                .sorted(order).limit(page.fetch()).toList());
        for (StoredAlerts s : stored) {
            merged.addAll(s.page(from, back, page.fetch(), tenderId));
        }
        merged.sort(order);
        Page<Alert> found = Page.of(page, merged.subList(0, Math.min(merged.size(), page.fetch())), a -> a.key().values());
        long red = computed.stream().filter(a -> a.level() == Alert.Level.RED).count();
        long yellow = computed.size() - red;
        for (StoredAlerts s : stored) {
            red += s.count(Alert.Level.RED, COUNT_CAP + 1);
            yellow += s.count(Alert.Level.YELLOW, COUNT_CAP + 1);
        }
        return new Alerts(found, Math.min(red, COUNT_CAP), Math.min(yellow, COUNT_CAP), red <= COUNT_CAP && yellow <= COUNT_CAP);
    }

    private static Alert.Key key(cn.sunlight.common.page.Cursor c) {
        long rank = c.longKey(PageRequest.CURSOR, 0);
        if (rank != 0 && rank != 1 || c.keys().size() != 5) {
            throw cn.sunlight.common.input.Bounds.refusal(400, PageRequest.CURSOR, "cursor", Text.of("不是本列表给出的翻页游标", "not a cursor this list handed out"));
        }
        return new Alert.Key((int) rank, c.longKey(PageRequest.CURSOR, 1), c.longKey(PageRequest.CURSOR, 2),
                c.textKey(PageRequest.CURSOR, 3), c.textKey(PageRequest.CURSOR, 4));
    }

    /**
     * The alerts every {@link AlertSource} computes now: obligations whose limit is near or past, login locks, the
     * data exchange's backlog — each source reads only those (indexed), so this list is what the desk shows of them.
     */
    private List<Alert> inForce() {
        Instant now = clock.now();
        // The sources only read. They run in a transaction (and persistence context) of their own, so the entities
        // they load are neither dirty-checked before every later query of the caller's transaction nor kept in it;
        // inside it their queries do not flush first. Alerts are plain values, safe to carry out.
        List<Alert> all = new ArrayList<>(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            org.hibernate.Session session = Tender.getEntityManager().unwrap(org.hibernate.Session.class);
            session.setHibernateFlushMode(org.hibernate.FlushMode.COMMIT);
            session.setDefaultReadOnly(true);
            List<Alert> found = new ArrayList<>();
            for (AlertSource s : sources) {
                found.addAll(s.alerts(now));
            }
            return found;
        }));
        all.sort(Alert.ORDER);
        return all;
    }

    // ---------------------------------------------------------------- time travel

    public record Moment(long tenderId, Instant at, Map<String, Object> state, List<AuditEvent> events) {
    }

    /**
     * The tender as it stood at {@code at}, rebuilt from its audit events: the last snapshot written at
     * or before that instant, and every event up to it. Each snapshot hashes to the state hash the
     * public log committed to, so the reconstruction can be checked against the log.
     */
    @Transactional
    public Moment asOf(long tenderId, Instant at) {
        tenders.find(tenderId);
        audit.read("supervision.time-travel", "tender", tenderId);
        List<AuditEvent> events = AuditEvent.list("objectType = 'tender' and objectId = ?1 and occurredAt <= ?2 order by id",
                String.valueOf(tenderId), at);
        Map<String, Object> state = null;
        for (AuditEvent e : events) {
            if (e.state == null) {
                continue;
            }
            Map<String, Object> s = read(e.state);
            if (s.containsKey("status")) {
                state = s;
            } else if (s.get("state") instanceof Map<?, ?> nested && nested.containsKey("status")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> n = (Map<String, Object>) nested;
                state = n;
            }
        }
        if (state == null) {
            throw ProblemException.notFound("tender state at", at);
        }
        return new Moment(tenderId, at, state, events);
    }

    private static Map<String, Object> read(String json) {
        try {
            return CanonicalJson.mapper().readValue(json, new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException("unreadable audit state", e);
        }
    }
}
