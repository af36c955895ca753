package cn.sunlight.portal.service;

import cn.sunlight.portal.PortalFormats;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.log.NoteVerifier;
import cn.sunlight.audit.log.SignedNote;
import cn.sunlight.audit.service.LogReaders;
import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import cn.sunlight.portal.DeskMessages;
import cn.sunlight.rules.Rule;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.Complaint;
import cn.sunlight.supervision.service.SupervisionService;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.service.TenderService;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the supervisor's desk shows. Every read goes through {@link SupervisionService} (whose reads are themselves
 * audit events) or the public transparency log; nothing here applies a rule of its own. Its only additions are the
 * words: each alert's evidence in plain language, in the reader's language.
 */
@ApplicationScoped
public class SupervisorDesk {

    private static final int RECENT = 20;

    private final SupervisionService supervision;
    private final TenderService tenders;
    private final TransparencyLog log;
    private final LogReaders readers;

    private final cn.sunlight.tender.service.TenderSearch search;

    public SupervisorDesk(SupervisionService supervision, TenderService tenders, TransparencyLog log, LogReaders readers,
                          cn.sunlight.tender.service.TenderSearch search) {
        this.search = search;
        this.supervision = supervision;
        this.tenders = tenders;
        this.log = log;
        this.readers = readers;
    }

    // ---------------------------------------------------------------- overview

    public record TradeRow(long tenderId, String code, String title, Tender tender, long openObjections,
                           long openComplaints, long red, long yellow) {
    }

    /** One evidence item in plain words: what it is, its value, and whether the value is a code to show as such. */
    public record Evidence(String label, String value, boolean code) {
    }

    /**
     * An alert as the desk shows it. {@code n} counts the alerts of the same tender and kind in the API's order, so
     * the page script, which polls the same API, builds the same detail address ({@link #path()}).
     */
    public record AlertItem(Alert.Level level, String kind, long tenderId, String tenderCode, String message, Instant due,
                            String rule, String citation, int n, boolean collusion, String explanation,
                            List<String> bidders, List<Evidence> evidence, String ruleText, Object complaintId) {
        public String path() {
            return "/desk/alerts/" + tenderId + "/" + kind + "/" + n;
        }

        public boolean red() {
            return level == Alert.Level.RED;
        }
    }

    /**
     * The desk's first screen. {@code redCount}/{@code yellowCount}: how many alerts stand in all ({@code countsExact}
     * false: at least that many); {@code alerts}: the first page of them, {@code moreAlerts} the next page's link.
     */
    public record Overview(List<TradeRow> trades, List<AlertItem> alerts, cn.sunlight.portal.Pager pager, long redCount,
                           long yellowCount, boolean countsExact, String moreAlerts) {
    }

    /** One page of the trades and the first page of the alerts (the alerts' own pages are {@link #alerts}). */
    @Transactional
    public Overview overview(Locale locale, cn.sunlight.common.page.PageRequest page) {
        var desk = supervision.desk(page, cn.sunlight.common.page.PageRequest.first(cn.sunlight.common.page.PageRequest.DEFAULT_LIMIT));
        var trades = desk.trades().map(tr -> {
            Tender t = tr.tender();
            long red = tr.alerts().stream().filter(a -> a.level() == Alert.Level.RED).count();
            return new TradeRow(t.id, t.code, t.title, t, tr.openObjections(), tr.openComplaints(), red, tr.alerts().size() - red);
        });
        var alerts = desk.alerts();
        return new Overview(trades.items(), items(alerts.page().items(), locale),
                cn.sunlight.portal.Pager.of("/desk", Map.of(), trades, page), alerts.red(), alerts.yellow(),
                alerts.countsExact(), cn.sunlight.portal.Pager.of("/desk/alerts", Map.of(), alerts.page()).next());
    }

    public record AlertList(List<AlertItem> alerts, cn.sunlight.portal.Pager pager, long redCount, long yellowCount,
                            boolean countsExact) {
    }

    /** Every alert, one page at a time (/desk/alerts), in the API's order. */
    @Transactional
    public AlertList alerts(Locale locale, cn.sunlight.common.page.PageRequest page) {
        var alerts = supervision.alerts(page, null);
        // A page after the first: each alert's number among its tender's alerts of its kind counts those on earlier pages
        // too (one tender's alerts are few), so that its link is the same as on the desk.
        Map<String, Integer> before = new HashMap<>();
        if (page.cursor() != null) {
            for (Long tenderId : alerts.page().items().stream().map(Alert::tenderId).distinct().toList()) {
                Alert first = alerts.page().items().stream().filter(a -> tenderId.equals(a.tenderId())).findFirst().orElseThrow();
                for (Alert a : supervision.alertsOf(tenderId)) {
                    if (Alert.ORDER.compare(a, first) < 0) {
                        before.merge(a.tenderId() + "/" + a.kind(), 1, Integer::sum);
                    }
                }
            }
        }
        return new AlertList(items(alerts.page().items(), locale, before), cn.sunlight.portal.Pager.of("/desk/alerts", Map.of(),
                alerts.page(), page), alerts.red(), alerts.yellow(), alerts.countsExact());
    }

    /**
     * The alert at {@code /desk/alerts/{tenderId}/{kind}/{n}}: the n-th of its tender and kind in the desk's order,
     * as the service finds it now (only that tender's alerts are read).
     */
    @Transactional
    public Optional<AlertItem> alert(long tenderId, String kind, int n, Locale locale) {
        return items(supervision.alertsOf(tenderId), locale).stream()
                .filter(a -> a.tenderId() == tenderId && a.kind().equals(kind) && a.n() == n).findFirst();
    }

    private List<AlertItem> items(List<Alert> alerts, Locale locale) {
        return items(alerts, locale, Map.of());
    }

    private List<AlertItem> items(List<Alert> alerts, Locale locale, Map<String, Integer> before) {
        DeskMessages m = messages(locale);
        Map<String, Integer> seen = new HashMap<>(before);
        List<AlertItem> out = new ArrayList<>();
        for (Alert a : alerts) {
            int n = seen.merge(a.tenderId() + "/" + a.kind(), 1, Integer::sum) - 1;
            Map<String, Object> ev = a.evidence() == null ? Map.of() : a.evidence();
            List<String> bidders = ev.get("bidders") instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
            out.add(new AlertItem(a.level(), a.kind(), a.tenderId(), a.tenderCode(), a.message().in(locale), a.due(), a.rule(),
                    a.citation(), n, a.kind().startsWith("collusion-"), explanation(a.kind(), m), bidders, evidence(a.kind(), ev, m),
                    ruleText(a, locale), a.kind().startsWith("complaint-") ? ev.get("complaint") : null));
        }
        return out;
    }

    private String ruleText(Alert a, Locale locale) {
        if (a.rule() == null || a.tenderId() == null) {
            return null;
        }
        Tender t = Tender.findById(a.tenderId());
        return t == null ? null : tenders.rulesOf(t).find(a.rule()).map(r -> describe(r, locale)).orElse(null);
    }

    /** "投诉受理期限 — 5 个工作日" in the reader's language. */
    static String describe(Rule r, Locale locale) {
        return cn.sunlight.common.Text.of(r.zh(), r.en()).in(locale) + " — " + r.figure();
    }

    private static String explanation(String kind, DeskMessages m) {
        return switch (kind) {
            case "collusion-bond-account" -> m.explainBondAccount();
            case "collusion-same-machine" -> m.explainSameMachine();
            case "collusion-same-mac" -> m.explainSameMac();
            case "collusion-file-code" -> m.explainFileCode();
            case "collusion-same-address" -> m.explainSameAddress();
            case "collusion-identical-envelope" -> m.explainIdenticalEnvelope();
            case "collusion-identical-documents" -> m.explainIdenticalDocuments();
            case "collusion-regular-prices" -> m.explainRegularPrices();
            default -> m.explainDeadline();
        };
    }

    private static String sharedLabel(String kind, DeskMessages m) {
        return switch (kind) {
            case "collusion-bond-account" -> m.sharedBondAccount();
            case "collusion-same-machine" -> m.sharedHost();
            case "collusion-same-mac" -> m.sharedMac();
            case "collusion-file-code" -> m.sharedFileCode();
            case "collusion-same-address" -> m.sharedAddress();
            case "collusion-identical-envelope" -> m.sharedEnvelope();
            case "collusion-identical-documents" -> m.sharedDocument();
            default -> m.sharedValue();
        };
    }

    /** Every evidence entry the alert source gave, each with a label in plain words (bidders are listed apart). */
    private static List<Evidence> evidence(String kind, Map<String, Object> ev, DeskMessages m) {
        List<Evidence> out = new ArrayList<>();
        if ("collusion-regular-prices".equals(kind) && ev.get("prices") instanceof List<?> prices
                && ev.get("bidders") instanceof List<?> names) {
            for (int i = 0; i < prices.size() && i < names.size(); i++) {
                out.add(new Evidence(m.priceOf(String.valueOf(names.get(i))), "¥" + prices.get(i), false));
            }
        }
        for (var e : ev.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if ("bidders".equals(key) || "collusion-regular-prices".equals(kind) && "prices".equals(key)) {
                continue;
            }
            String label = switch (key) {
                case "sharedValue" -> sharedLabel(kind, m);
                case "document" -> m.evDocument();
                case "lots", "lot" -> m.evLots();
                case "pattern" -> m.evPattern();
                case "objection" -> m.evObjection();
                case "complaint" -> m.evComplaint();
                case "raisedAt" -> m.evRaisedAt();
                case "receivedAt" -> m.evReceivedAt();
                case "acceptedAt" -> m.evAcceptedAt();
                case "reportAt" -> m.evReportAt();
                case "awardedAt" -> m.evAwardedAt();
                case "by" -> m.evBy();
                case "winner" -> m.evWinner();
                case "organisation" -> m.evOrganisation();
                case "amount" -> m.evAmount();
                default -> key;
            };
            boolean code = "sharedValue".equals(key);
            out.add(new Evidence(label, show(key, v), code));
        }
        return out;
    }

    private static String show(String key, Object v) {
        if (v == null) {
            return "—";
        }
        if (v instanceof Instant i) {
            return PortalFormats.beijingSeconds(i);
        }
        if (v instanceof Collection<?> c) {
            return String.join("、", c.stream().map(String::valueOf).toList());
        }
        if ("amount".equals(key)) {
            return "¥" + v;
        }
        return String.valueOf(v);
    }

    static DeskMessages messages(Locale locale) {
        return "en".equals(locale.getLanguage()) ? MessageBundles.get(DeskMessages.class, Localized.Literal.of("en"))
                : MessageBundles.get(DeskMessages.class);
    }

    // ---------------------------------------------------------------- complaints

    public record ComplaintRow(Complaint complaint, String acceptRule, String decideRule, String acceptCitation,
                               String decideCitation) {
        public String state() {
            return complaint.decided() ? "DECIDED" : complaint.accepted() ? "ACCEPTED" : "RECEIVED";
        }
    }

    public record Complaints(List<ComplaintRow> rows, cn.sunlight.portal.Pager pager) {
    }

    @Transactional
    public Complaints complaints(Locale locale, cn.sunlight.common.page.PageRequest page) {
        List<ComplaintRow> out = new ArrayList<>();
        var found = supervision.complaints(page);
        for (Complaint c : found.items()) {
            var rules = tenders.rulesOf(c.tender);
            Optional<Rule> accept = rules.find("complaint-accept");
            Optional<Rule> decide = rules.find("complaint-decide");
            out.add(new ComplaintRow(c, accept.map(r -> describe(r, locale)).orElse(null),
                    decide.map(r -> describe(r, locale)).orElse(null), accept.map(Rule::citation).orElse(null),
                    decide.map(Rule::citation).orElse(null)));
        }
        return new Complaints(out, cn.sunlight.portal.Pager.of("/desk/complaints", Map.of(), found, page));
    }

    // ---------------------------------------------------------------- time travel

    public record Choice(long id, String code, String title) {
    }

    /**
     * Suggestions for the time-travel form: the latest published tenders (any other is reached by its number; a
     * decade of tenders does not fit in a choice list).
     */
    @Transactional
    public List<Choice> tenderChoices() {
        return search.published(cn.sunlight.tender.service.TenderSearch.Filter.NONE, cn.sunlight.common.page.PageRequest.first(50))
                .items().stream().map(t -> new Choice(t.id, t.code, t.title)).toList();
    }

    public record Fact(String key, String label, String value) {
    }

    public record Moment(long tenderId, Instant at, List<Fact> state, List<AuditEvent> events) {
    }

    /**
     * The tender at {@code at} through the supervision service (a logged read); empty if it did not exist yet. Not
     * transactional itself: the service's own transaction must end with its refusal, not be joined by this one.
     */
    public Optional<Moment> asOf(long tenderId, Instant at, Locale locale) {
        try {
            var m = supervision.asOf(tenderId, at);
            DeskMessages words = messages(locale);
            List<Fact> facts = new ArrayList<>();
            m.state().forEach((k, v) -> facts.add(new Fact(k, stateLabel(k, words), stateValue(k, v, locale))));
            return Optional.of(new Moment(m.tenderId(), m.at(), facts, m.events()));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String stateLabel(String key, DeskMessages m) {
        return switch (key) {
            case "id" -> m.fId();
            case "code" -> m.fCode();
            case "title" -> m.fTitle();
            case "status" -> m.fStatus();
            case "tradeType" -> m.fTradeType();
            case "method" -> m.fMethod();
            case "budget" -> m.fBudget();
            case "ceilingPrice" -> m.fCeiling();
            case "bidBond" -> m.fBond();
            case "documentsIssuedAt" -> m.fDocsIssued();
            case "documentsSaleEndsAt" -> m.fDocsSaleEnds();
            case "clarificationCutoff" -> m.fClarCutoff();
            case "bidDeadline" -> m.fBidDeadline();
            case "rulesVersion" -> m.fRulesVersion();
            case "lots" -> m.fLots();
            default -> key;
        };
    }

    /** A snapshot value as a person reads it: the status, trade type and method by name, instants in Beijing time. */
    private static String stateValue(String key, Object v, Locale locale) {
        if (v instanceof Collection<?> c) {
            return String.join("；", c.stream().map(String::valueOf).toList());
        }
        boolean en = "en".equals(locale.getLanguage());
        try {
            switch (key) {
                case "status" -> {
                    return TenderStatus.valueOf(String.valueOf(v)).label().in(locale) + " (" + v + ")";
                }
                case "tradeType" -> {
                    TradeType t = TradeType.valueOf(String.valueOf(v));
                    return en ? t.en() : t.zh();
                }
                case "method" -> {
                    TenderMethod t = TenderMethod.valueOf(String.valueOf(v));
                    return en ? t.en() : t.zh();
                }
                default -> {
                    return showState(v);
                }
            }
        } catch (IllegalArgumentException e) {
            return showState(v);
        }
    }

    private static String showState(Object v) {
        if (v instanceof String s) {
            try {
                return PortalFormats.beijingSeconds(Instant.parse(s));
            } catch (DateTimeParseException e) {
                return s;
            }
        }
        return v == null ? "—" : String.valueOf(v);
    }

    /** A datetime-local value typed in Beijing time ("2026-03-01T09:30", seconds optional). */
    public static Optional<Instant> beijing(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(typed.trim()).atZone(PortalFormats.BEIJING).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- the audit log

    public record CheckpointRow(long size, String root, Instant issuedAt, String reason, boolean logSigned,
                                boolean witnessCosigned) {
    }

    public record EntryRow(long index, long eventId, String at, String action, String object, String actor,
                           boolean confidential) {
    }

    public record LogPage(CheckpointRow latest, List<CheckpointRow> history, int checkpointCount, List<EntryRow> entries,
                          long size, String origin, String logKey, String witnessKey) {
    }

    /**
     * The log as its reader may read it through /api/log (withheld entries as their leaf only, except for supervisors),
     * with each checkpoint's signatures checked here.
     */
    public LogPage logPage() {
        // The newest checkpoints only (a decade issues thousands), and how many there are up to a bound.
        List<CheckpointRow> history = new ArrayList<>();
        for (var c : log.latestCheckpoints(RECENT)) {
            history.add(row(c));
        }
        CheckpointRow latest = history.isEmpty() ? null : history.getFirst();
        long size = latest == null ? 0 : latest.size();
        List<EntryRow> entries = new ArrayList<>();
        for (var leaf : readers.leaves(Math.max(0, size - RECENT), size).reversed()) {
            entries.add(entry(leaf));
        }
        return new LogPage(latest, history, (int) log.checkpointCount(100_000), entries, size, log.origin(), log.logKey().toString(),
                log.witnessKey().toString());
    }

    private CheckpointRow row(TransparencyLog.StoredCheckpoint c) {
        String note = log.cosignedNote(c.size()).orElse(c.note());
        return new CheckpointRow(c.size(), Base64.getEncoder().encodeToString(c.root()), c.issuedAt(), c.reason(),
                verifies(note, log.logKey()), verifies(note, log.witnessKey()));
    }

    private static boolean verifies(String note, cn.sunlight.audit.log.VerifierKey key) {
        try {
            NoteVerifier.of(key).verify(SignedNote.parse(note));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static EntryRow entry(TransparencyLog.Leaf leaf) {
        if (leaf.entry() == null) {
            // Withheld until the opening: nothing but its place in the log and its leaf hash.
            return new EntryRow(leaf.index(), leaf.eventId(), "—", "—", "", "", true);
        }
        Map<String, Object> e;
        try {
            e = CanonicalJson.mapper().readValue(leaf.entry(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (Exception ex) {
            e = Map.of();
        }
        String at = e.get("at") == null ? "—" : showState(String.valueOf(e.get("at")));
        String object = e.get("type") == null ? "" : e.get("type") + (e.get("object") == null ? "" : " " + e.get("object"));
        boolean confidential = e.containsKey("commitment");
        String actor = confidential ? "" : e.get("actor") + (e.get("role") == null ? "" : " (" + e.get("role") + ")");
        return new EntryRow(leaf.index(), leaf.eventId(), at, String.valueOf(e.get("action")), object, actor, confidential);
    }
}
