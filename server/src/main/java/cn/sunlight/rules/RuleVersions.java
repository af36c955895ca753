package cn.sunlight.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps every rule-set version a tender was published under, so that editing a file in
 * bidding-rules/ later never changes the rules of a tender already under way.
 */
@ApplicationScoped
public class RuleVersions {

    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(RuleSet rules, Instant now) {
        if (RuleSetVersion.findById(rules.version()) == null) {
            new RuleSetVersion(rules.version(), rules.id(), rules.canonicalJson(), now).persist();
        }
    }

    public Optional<RuleSet> byVersion(String version) {
        return RuleSetVersion.<RuleSetVersion>findByIdOptional(version)
                .map(v -> RuleSetParser.fromCanonical(v.canonicalJson));
    }
}
