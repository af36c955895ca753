package cn.sunlight.bond;

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
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * One credit line of the bank's statement of the bond account, as imported: unique per sub-account and bank reference,
 * so a statement imported twice adds nothing. A line paid into a sub-account the platform did not issue stays unmatched
 * ({@link #account} null) and is listed for the operator: nothing the bank reports is dropped.
 */
@Entity
@Table(name = "bond_payment")
public class BondPayment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "sub_account", nullable = false)
    public String subAccount;

    @Column(name = "bank_reference", nullable = false)
    public String bankReference;

    @Column(name = "payer_account", nullable = false)
    public String payerAccount;

    @Column(name = "payer_name", nullable = false)
    public String payerName;

    @Column(nullable = false)
    public BigDecimal amount;

    @Column(name = "value_date", nullable = false)
    public LocalDate valueDate;

    @ManyToOne
    @JoinColumn(name = "bond_account_id")
    public BondAccount account;

    @Column(name = "imported_at", nullable = false)
    public Instant importedAt;

    @Column(name = "imported_by", nullable = false)
    public Long importedBy;

    protected BondPayment() {
    }

    public BondPayment(String subAccount, String bankReference, String payerAccount, String payerName, BigDecimal amount,
                       LocalDate valueDate, BondAccount account, Instant importedAt, long importedBy) {
        this.subAccount = subAccount;
        this.bankReference = bankReference;
        this.payerAccount = payerAccount;
        this.payerName = payerName;
        this.amount = amount;
        this.valueDate = valueDate;
        this.account = account;
        this.importedAt = importedAt;
        this.importedBy = importedBy;
    }

    public boolean matched() {
        return account != null;
    }

    public static boolean exists(String subAccount, String bankReference) {
        return count("subAccount = ?1 and bankReference = ?2", subAccount, bankReference) > 0;
    }

    public static List<BondPayment> ofAccount(long accountId) {
        return list("account.id = ?1 order by valueDate, id", accountId);
    }

    public static List<BondPayment> ofTender(long tenderId) {
        return list("account.tenderId = ?1 order by account.lotNumber, account.organisation.id, valueDate, id", tenderId);
    }

    public static List<BondPayment> ofTenders(Collection<Long> tenderIds) {
        return list("account.tenderId in ?1", tenderIds);
    }

    public static List<BondPayment> unmatched(int limit) {
        return find("account is null order by importedAt desc, id desc").page(0, limit).list();
    }
}
