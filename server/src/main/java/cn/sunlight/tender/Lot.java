package cn.sunlight.tender;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A lot (标段 / 包) of a tender; bids are submitted per lot. */
@Entity
@Table(name = "lot")
public class Lot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tender_id")
    public Tender tender;

    @Column(nullable = false)
    public int number;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public BigDecimal budget;

    protected Lot() {
    }

    Lot(Tender tender, int number, String name, BigDecimal budget) {
        this.tender = tender;
        this.number = number;
        this.name = name;
        this.budget = budget;
    }
}
