package cn.sunlight.rules.rest;

import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.RuleUnit;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

@Path("/api/rules")
@Tag(name = "Rules", description = "The legal figures the platform enforces, with their citations")
public class RulesResource {

    private final BiddingRules rules;

    public RulesResource(BiddingRules rules) {
        this.rules = rules;
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
}
