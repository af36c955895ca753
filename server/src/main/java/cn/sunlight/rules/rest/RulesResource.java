package cn.sunlight.rules.rest;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Limits;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.RuleUnit;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

@Path("/api/rules")
@Tag(name = "Rules", description = "The legal figures the platform enforces, with their citations")
public class RulesResource {

    private final BiddingRules rules;
    private final PlatformClock clock;

    public RulesResource(BiddingRules rules, PlatformClock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    public record RuleView(String id, BigDecimal value, RuleUnit unit, String figure, String citation, String zh, String en,
                           boolean verify) {
        static RuleView of(Rule r) {
            return new RuleView(r.id(), r.value(), r.unit(), r.figure(), r.citation(), r.zh(), r.en(), r.verify());
        }
    }

    public record RuleSetView(String id, TradeType tradeType, TenderMethod method, String version, List<RuleView> rules) {
        static RuleSetView of(RuleSet s) {
            return new RuleSetView(s.id(), s.tradeType(), s.method(), s.version(),
                    s.rules().values().stream().sorted(Comparator.comparing(Rule::id)).map(RuleView::of).toList());
        }
    }

    @GET
    @PermitAll
    @Operation(summary = "Every rule set in force, with its version (content hash)")
    @APIResponse(responseCode = "200", description = "Rule sets")
    public List<RuleSetView> all() {
        return rules.all().stream().sorted(Comparator.comparing(RuleSet::id)).map(RuleSetView::of).toList();
    }

    @GET
    @Path("/{tradeType}/{method}")
    @PermitAll
    @Operation(summary = "The rule set of one trade type and method")
    @APIResponse(responseCode = "200", description = "The rule set")
    @APIResponse(responseCode = "422", description = "The trade type has no such method")
    public RuleSetView one(@PathParam("tradeType") TradeType tradeType, @PathParam("method") TenderMethod method) {
        return RuleSetView.of(rules.forMethod(tradeType, method));
    }

    /** One limit: its value and the rule (with citation) it comes from; value null when the input is missing. */
    public record LimitView(Object value, RuleView rule) {
    }

    public record LimitsView(String rulesId, String rulesVersion, Instant countedFrom, LimitView earliestDeadline,
                             LimitView earliestSaleEnd, LimitView bondCap) {
    }

    @GET
    @Path("/{tradeType}/{method}/limits")
    @PermitAll
    @Operation(summary = "The limits for a tender not yet saved: earliest legal bid deadline and documents' sale end "
            + "(counted from documentsIssuedAt, or now if earlier; working days by the calendar) and the bid-bond cap for "
            + "the budget, each with its rule and citation")
    @APIResponse(responseCode = "200", description = "The limits (a limit's value is null when its input is missing)")
    @APIResponse(responseCode = "422", description = "The trade type has no such method, or the calendar does not cover the date")
    public LimitsView limits(@PathParam("tradeType") TradeType tradeType, @PathParam("method") TenderMethod method,
                             @QueryParam("documentsIssuedAt") Instant documentsIssuedAt,
                             @QueryParam("budget") BigDecimal budget) {
        RuleSet set = rules.forMethod(tradeType, method);
        if (budget != null && budget.signum() <= 0) {
            throw ProblemException.invalid(Violation.of("budget", "positive", Text.of("预算须大于零", "the budget must be positive")));
        }
        Instant start = documentsIssuedAt == null ? null : Limits.periodStart(documentsIssuedAt, clock.now());
        LimitView deadline = set.find("documents-to-deadline").map(r -> new LimitView(
                start == null ? null : Limits.earliestDeadline(set, start, rules.calendar()), RuleView.of(r))).orElse(null);
        LimitView saleEnd = set.find("documents-on-sale").map(r -> new LimitView(
                start == null ? null : Limits.earliestSaleEnd(set, start, rules.calendar()), RuleView.of(r))).orElse(null);
        LimitView bond = Limits.bindingBondRule(set, budget).map(r -> new LimitView(Limits.bondCap(set, budget), RuleView.of(r)))
                .or(() -> set.find("bid-bond-max-percent").map(r -> new LimitView(null, RuleView.of(r)))).orElse(null);
        return new LimitsView(set.id(), set.version(), start, deadline, saleEnd, bond);
    }
}
