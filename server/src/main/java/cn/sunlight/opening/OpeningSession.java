package cn.sunlight.opening;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * A tender's online opening. Its state lives only here, so a restart in the middle of an opening
 * resumes where it stood. The host drives the stages; each verb checks the stage and the clock.
 */
@Entity
@Table(name = "opening_session")
public class OpeningSession extends PanacheEntityBase {

    @Id
    @Column(name = "tender_id")
    public Long tenderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OpeningStage stage;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "decryption_ends_at")
    public Instant decryptionEndsAt;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "confirmation_ends_at")
    public Instant confirmationEndsAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "record_sha256")
    public String recordSha256;

    @Version
    public long version;

    protected OpeningSession() {
    }

    public OpeningSession(Long tenderId, Instant createdAt) {
        this.tenderId = tenderId;
        this.createdAt = createdAt;
        this.stage = OpeningStage.SIGN_IN;
    }

    public void startDecryption(Instant now, Instant windowEnds) {
        require(OpeningStage.SIGN_IN, "start");
        startedAt = now;
        decryptionEndsAt = windowEnds;
        stage = OpeningStage.DECRYPTION;
    }

    public void fail(Instant now) {
        require(OpeningStage.SIGN_IN, "fail");
        startedAt = now;
        closedAt = now;
        stage = OpeningStage.FAILED;
    }

    public boolean decryptionOpen(Instant now) {
        return stage == OpeningStage.DECRYPTION && now.isBefore(decryptionEndsAt);
    }

    public void readOut(Instant now) {
        require(OpeningStage.DECRYPTION, "read-out");
        readAt = now;
        stage = OpeningStage.READING;
    }

    public void startConfirmation(Instant now, Instant windowEnds) {
        require(OpeningStage.READING, "confirmation");
        confirmationEndsAt = windowEnds;
        stage = OpeningStage.CONFIRMATION;
    }

    public boolean confirmationOpen(Instant now) {
        return stage == OpeningStage.CONFIRMATION && now.isBefore(confirmationEndsAt);
    }

    public void close(Instant now, String recordSha256) {
        require(OpeningStage.CONFIRMATION, "close");
        closedAt = now;
        this.recordSha256 = recordSha256;
        stage = OpeningStage.CLOSED;
    }

    private void require(OpeningStage expected, String verb) {
        if (stage != expected) {
            throw ProblemException.conflict("opening-stage", Text.of(
                    "开标当前处于「" + stage.zh() + "」阶段，不能执行 " + verb + "（须在「" + expected.zh() + "」阶段）",
                    "the opening is at stage " + stage + "; '" + verb + "' needs stage " + expected));
        }
    }
}
