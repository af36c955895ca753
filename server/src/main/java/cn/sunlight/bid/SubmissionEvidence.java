package cn.sunlight.bid;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * What the platform and the bidder tool observed about a submission, kept for collusion analysis by
 * supervisors (实施条例 Art. 40; platform practice: same machine, same network address, same bond
 * account). Never shown to other bidders.
 */
@Entity
@Immutable
@Table(name = "submission_evidence")
public class SubmissionEvidence extends PanacheEntityBase {

    @Id
    @Column(name = "bid_id")
    public Long bidId;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(name = "host_hash")
    public String hostHash;

    @Column(name = "mac_hash")
    public String macHash;

    @Column(name = "file_creation_code")
    public String fileCreationCode;

    public String tool;

    @Column(name = "bond_payer_account")
    public String bondPayerAccount;

    protected SubmissionEvidence() {
    }

    public SubmissionEvidence(Long bidId, String clientAddress, String hostHash, String macHash, String fileCreationCode,
                              String tool, String bondPayerAccount) {
        this.bidId = bidId;
        this.clientAddress = clientAddress;
        this.hostHash = hostHash;
        this.macHash = macHash;
        this.fileCreationCode = fileCreationCode;
        this.tool = tool;
        this.bondPayerAccount = bondPayerAccount;
    }
}
