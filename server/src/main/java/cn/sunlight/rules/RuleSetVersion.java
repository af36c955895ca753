package cn.sunlight.rules;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A rule set's resolved content, stored under its hash the first time a tender is published under it. */
@Entity
@Table(name = "rule_set_version")
public class RuleSetVersion extends PanacheEntityBase {

    @Id
    public String version;

    @Column(name = "rules_id", nullable = false)
    public String rulesId;

    @Column(name = "canonical_json", nullable = false)
    public String canonicalJson;

    @Column(name = "first_seen_at", nullable = false)
    public Instant firstSeenAt;

    protected RuleSetVersion() {
    }

    public RuleSetVersion(String version, String rulesId, String canonicalJson, Instant firstSeenAt) {
        this.version = version;
        this.rulesId = rulesId;
        this.canonicalJson = canonicalJson;
        this.firstSeenAt = firstSeenAt;
    }
}
