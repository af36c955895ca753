package cn.sunlight.evaluation;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation committee (评标委员会) of one tender: how it was drawn (specialty, size, the server random and the
 * seed, and the candidate list in its deterministic order, so a supervisor can re-run the draw), the criteria the host
 * set, and the conclusion.
 */
@Entity
@Table(name = "evaluation_committee")
public class EvaluationCommittee extends PanacheEntityBase {

    @Id
    @Column(name = "tender_id")
    public Long tenderId;

    @Column(nullable = false)
    public String specialty;

    @Column(nullable = false)
    public int size;

    @Column(name = "server_random", nullable = false)
    public String serverRandom;

    @Column(nullable = false)
    public String seed;

    /** Eligible expert ids, ascending, comma-separated: the input of the draw. */
    @Column(nullable = false)
    public String candidates;

    @Column(name = "drawn_at", nullable = false)
    public Instant drawnAt;

    /** Canonical JSON of [{name, weight}] for comprehensive scoring; null for the lowest evaluated price. */
    public String criteria;

    @Column(name = "concluded_at")
    public Instant concludedAt;

    @Column(name = "report_sha256")
    public String reportSha256;

    @Version
    public long version;

    protected EvaluationCommittee() {
    }

    public EvaluationCommittee(long tenderId, String specialty, int size, String serverRandom, String seed,
                               List<Long> candidates, Instant drawnAt) {
        this.tenderId = tenderId;
        this.specialty = specialty;
        this.size = size;
        this.serverRandom = serverRandom;
        this.seed = seed;
        this.candidates = String.join(",", candidates.stream().map(String::valueOf).toList());
        this.drawnAt = drawnAt;
    }

    public List<Long> candidateIds() {
        return candidates.isEmpty() ? List.of() : Arrays.stream(candidates.split(",")).map(Long::valueOf).toList();
    }

    public boolean concluded() {
        return concludedAt != null;
    }

    /** Once concluded, the evaluation is a record: no more reviews, scores or replacements. */
    public void requireOpen() {
        if (concluded()) {
            throw ProblemException.conflict("evaluation-concluded", Text.of("评标已结束，评标结果不能再修改",
                    "The evaluation is concluded; its results can no longer change"));
        }
    }

    public void conclude(String reportSha256, Instant at) {
        requireOpen();
        this.reportSha256 = reportSha256;
        this.concludedAt = at;
    }

    public static Optional<EvaluationCommittee> of(long tenderId) {
        return findByIdOptional(tenderId);
    }
}
