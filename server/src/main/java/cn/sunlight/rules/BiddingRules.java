package cn.sunlight.rules;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * The legal rules and the holiday calendar, loaded once at start-up from the directory in {@code sunlight.rules.dir}
 * (default {@code bidding-rules}, relative to the working directory). A broken file stops start-up with the
 * {@link RuleFileException} message (file and line). The loading itself is {@link #load(Path)}, usable without CDI.
 */
@ApplicationScoped
@Startup
public class BiddingRules {
    private static final Logger LOG = Logger.getLogger(BiddingRules.class);

    @ConfigProperty(name = "sunlight.rules.dir", defaultValue = "bidding-rules")
    String rulesDir;

    private volatile RuleCatalog catalog;

    @PostConstruct
    void init() {
        Path dir = Path.of(rulesDir);
        try {
            catalog = load(dir);
        } catch (RuntimeException e) {
            LOG.errorf("cannot load the bidding rules from %s: %s", dir.toAbsolutePath(), e.getMessage());
            throw e;
        }
        LOG.infof("loaded %d rule sets and the holiday calendar for %s from %s", catalog.all().size(),
                catalog.calendar().years(), dir.toAbsolutePath());
    }

    /** Loads and validates every rule file and calendar under {@code dir}; throws {@link RuleFileException}. */
    public static RuleCatalog load(Path dir) {
        return RuleCatalog.load(dir);
    }

    /**
     * The rules for a trade type and method. A method the trade type does not have (an engineering
     * inquiry, say) is the caller's error: it is refused as a 422 naming the field {@code method}.
     */
    public RuleSet forMethod(TradeType tradeType, TenderMethod method) {
        if (!tradeType.allows(method)) {
            throw ProblemException.invalid(Violation.of("method", "method-of-trade-type", Text.of(
                    tradeType.zh() + "项目不能采用" + method.zh() + "方式；可用方式：" + tradeType.methods().stream().map(TenderMethod::zh).toList(),
                    tradeType.en() + " tenders cannot use " + method.en() + "; allowed: " + tradeType.methods().stream().map(TenderMethod::en).toList())));
        }
        return catalog().forMethod(tradeType, method);
    }

    public Collection<RuleSet> all() {
        return catalog().all();
    }

    public WorkingCalendar calendar() {
        return catalog().calendar();
    }

    /** The loaded rule set with this version, if the figures have not changed since it was recorded. */
    public Optional<RuleSet> byVersion(String version) {
        return catalog().byVersion(version);
    }

    public RuleCatalog catalog() {
        RuleCatalog c = catalog;
        if (c == null) {
            throw new IllegalStateException("the bidding rules are not loaded");
        }
        return c;
    }
}
