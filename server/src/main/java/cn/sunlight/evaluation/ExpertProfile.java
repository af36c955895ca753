package cn.sunlight.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * An expert in the registry (专家库): the specialty the draw selects by, and the organisations the expert is linked to
 * besides its own (employer, former employer, shareholdings...), which the draw treats as conflicts of interest
 * (实施条例 Art. 46). The operator keeps it; the expert's account itself is an ordinary EXPERT account.
 */
@Entity
@Table(name = "expert_profile")
public class ExpertProfile extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(nullable = false)
    public String specialty;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "expert_link", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "organisation_id")
    public Set<Long> linkedOrganisations = new TreeSet<>();

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    protected ExpertProfile() {
    }

    public ExpertProfile(long userId) {
        this.userId = userId;
    }

    public void describe(String specialty, Set<Long> linked, Instant at) {
        this.specialty = specialty;
        this.linkedOrganisations.clear();
        this.linkedOrganisations.addAll(linked);
        this.updatedAt = at;
    }
}
