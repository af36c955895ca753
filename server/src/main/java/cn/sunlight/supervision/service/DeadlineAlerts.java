package cn.sunlight.supervision.service;

import cn.sunlight.common.Text;
import cn.sunlight.rules.Rule;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.Complaint;
import cn.sunlight.tender.Objection;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Yellow/red alerts for the time limits of objections and complaints: yellow when the limit is
 * within {@code sunlight.supervision.yellow-before}, red once it has passed with nothing done.
 */
@ApplicationScoped
public class DeadlineAlerts implements AlertSource {

    private final TenderService tenders;
    private final Duration yellowBefore;

    public DeadlineAlerts(TenderService tenders, @ConfigProperty(name = "sunlight.supervision.yellow-before") Duration yellowBefore) {
        this.tenders = tenders;
        this.yellowBefore = yellowBefore;
    }

    @Override
    public List<Alert> alerts(Instant now) {
        List<Alert> out = new ArrayList<>();
        // Only the open obligations whose limit is near or past: what the desk shows (V22_2's partial indexes on the
        // limits), not every open one.
        Instant horizon = now.plus(yellowBefore);
        for (Objection o : Objection.<Objection>list("answeredAt is null and answerDueAt < ?1", horizon)) {
            level(now, o.answerDueAt).ifPresent(level -> out.add(alert(level, "objection-answer", o.tender, o.answerDueAt,
                    rule(o.tender, "objection-answer", "challenge-answer"),
                    Text.of("异议（" + o.subject + "）须在期限内答复", "the objection (" + o.subject + ") must be answered in time"),
                    Map.of("objection", o.id, "raisedAt", o.raisedAt, "by", o.organisation.name), o.id)));
        }
        for (Complaint c : Complaint.<Complaint>list("decidedAt is null and (acceptedAt is null and acceptDueAt < ?1"
                + " or acceptedAt is not null and decideDueAt < ?1) order by receivedAt", horizon)) {
            if (!c.accepted()) {
                level(now, c.acceptDueAt).ifPresent(level -> out.add(alert(level, "complaint-accept", c.tender, c.acceptDueAt,
                        rule(c.tender, "complaint-accept"), Text.of("投诉（" + c.subject + "）须在期限内决定是否受理",
                                "the complaint (" + c.subject + ") must be accepted or rejected in time"),
                        Map.of("complaint", c.id, "receivedAt", c.receivedAt, "by", c.organisation.name), c.id)));
            } else {
                level(now, c.decideDueAt).ifPresent(level -> out.add(alert(level, "complaint-decide", c.tender, c.decideDueAt,
                        rule(c.tender, "complaint-decide"), Text.of("投诉（" + c.subject + "）须在期限内作出处理决定",
                                "the complaint (" + c.subject + ") must be decided in time"),
                        Map.of("complaint", c.id, "acceptedAt", c.acceptedAt, "by", c.organisation.name), c.id)));
            }
        }
        return out;
    }

    private Optional<Alert.Level> level(Instant now, Instant due) {
        if (due == null) {
            return Optional.empty();
        }
        if (now.isAfter(due)) {
            return Optional.of(Alert.Level.RED);
        }
        return now.plus(yellowBefore).isAfter(due) ? Optional.of(Alert.Level.YELLOW) : Optional.empty();
    }

    private Optional<Rule> rule(Tender t, String... ids) {
        var set = tenders.rulesOf(t);
        for (String id : ids) {
            var r = set.find(id);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static Alert alert(Alert.Level level, String kind, Tender t, Instant due, Optional<Rule> rule, Text message,
                               Map<String, Object> evidence, long ref) {
        return new Alert(level, kind, t.id, t.code, message, due, rule.map(Rule::id).orElse(kind),
                rule.map(Rule::citation).orElse(null), evidence, Alert.ref(ref));
    }
}
