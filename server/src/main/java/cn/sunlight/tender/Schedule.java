package cn.sunlight.tender;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Instant;

/** The tender's legal timetable. The bid deadline is also the opening time (招标投标法 Art. 34). */
@Embeddable
public class Schedule {

    @Column(name = "documents_issued_at")
    public Instant documentsIssuedAt;

    @Column(name = "documents_sale_ends_at")
    public Instant documentsSaleEndsAt;

    @Column(name = "clarification_cutoff")
    public Instant clarificationCutoff;

    @Column(name = "bid_deadline")
    public Instant bidDeadline;

    @Column(name = "opening_place")
    public String openingPlace;

    public Schedule() {
    }

    public Schedule(Instant documentsIssuedAt, Instant documentsSaleEndsAt, Instant clarificationCutoff,
                    Instant bidDeadline, String openingPlace) {
        this.documentsIssuedAt = documentsIssuedAt;
        this.documentsSaleEndsAt = documentsSaleEndsAt;
        this.clarificationCutoff = clarificationCutoff;
        this.bidDeadline = bidDeadline;
        this.openingPlace = openingPlace;
    }
}
