package cn.sunlight.tender;

import cn.sunlight.account.Organisation;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** A procurement or construction project; its tenders are run by the tendering unit or its agent. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String region;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tendering_unit_id")
    public Organisation tenderingUnit;

    @ManyToOne
    @JoinColumn(name = "agent_id")
    public Organisation agent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    protected Project() {
    }

    public Project(String code, String name, String region, Organisation tenderingUnit, Organisation agent, Instant createdAt) {
        this.code = code;
        this.name = name;
        this.region = region;
        this.tenderingUnit = tenderingUnit;
        this.agent = agent;
        this.createdAt = createdAt;
    }

    /** The tendering unit and its entrusted agent host the project's tenders; nobody else does. */
    public boolean hostedBy(Long organisationId) {
        return organisationId != null && (organisationId.equals(tenderingUnit.id)
                || (agent != null && organisationId.equals(agent.id)));
    }
}
