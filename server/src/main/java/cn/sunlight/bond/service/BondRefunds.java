package cn.sunlight.bond.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.award.BondRefund;
import cn.sunlight.bond.BondPayment;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is owed back on the bid bonds, from the ledger: each payment is returned to the account it came from, with the
 * bank's demand-deposit interest from its own value date (实施条例 Art. 57: the bond "及银行同期存款利息"; 财政部令第87号
 * Art. 38), and the operator's refund file for the bank lists them.
 */
@ApplicationScoped
public class BondRefunds {

    /** Columns of the refund file (README.md, "Bid bonds"). */
    public static final String[] FILE_COLUMNS = {"tender_code", "lot", "payee_account", "payee_name", "principal", "interest",
            "total", "value_date", "refund_date", "sub_account", "original_reference", "memo"};

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final BigDecimal depositRate;

    public BondRefunds(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                       @ConfigProperty(name = "sunlight.award.demand-deposit-rate") BigDecimal depositRate) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.depositRate = depositRate;
    }

    /** The cash bond payments of one bidder in a tender (all its lots), in value-date order. */
    public static List<BondPayment> paymentsOf(long tenderId, long organisationId) {
        return BondPayment.<BondPayment>list("account.tenderId = ?1 and account.organisation.id = ?2 order by valueDate, id",
                tenderId, organisationId);
    }

    /**
     * Records that the bidder's cash bond is owed back by {@code due}: the amount actually held and the first value date.
     * Nothing is owed for a bidder who gave a guarantee or paid nothing (there is no money to return).
     */
    public void owe(Tender t, long org, Instant due) {
        if (t.bidBond == null || t.bidBond.signum() <= 0 || BondRefund.of(t.id, org).isPresent()) {
            return;
        }
        List<BondPayment> paid = paymentsOf(t.id, org);
        if (paid.isEmpty()) {
            return;
        }
        BigDecimal amount = paid.stream().map(p -> p.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        LocalDate first = paid.getFirst().valueDate;
        BondRefund r = new BondRefund(t.id, Organisation.findById(org), amount, first.atStartOfDay(clock.zone()).toInstant(), due);
        r.valueDate = first;
        r.persist();
    }

    /** Interest to {@code at}: each payment from its own value date, at the demand-deposit rate on a 360-day year. */
    public BigDecimal interestDue(BondRefund b, Instant at) {
        Instant to = b.refundedAt == null ? at : b.refundedAt;
        List<BondPayment> paid = paymentsOf(b.tenderId, b.organisation.id);
        if (paid.isEmpty()) {
            return BondRefund.interest(b.amount, depositRate, b.paidAt, to, clock.zone());
        }
        return paid.stream().map(p -> interest(p, to)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal interest(BondPayment p, Instant to) {
        return BondRefund.interest(p.amount, depositRate, p.valueDate.atStartOfDay(clock.zone()).toInstant(), to, clock.zone());
    }

    /**
     * The refund file for the bank (CSV, UTF-8, header line): one line per payment still to refund, back to the
     * account it came from, with principal and interest to {@code refundDate}. Operators only; the production is logged.
     */
    @Transactional
    public String refundFile(long tenderId, LocalDate refundDate) {
        if (!actor.is(Role.OPERATOR)) {
            throw ProblemException.forbidden(Text.of("只有平台运营人员可以生成退款文件", "only operators produce refund files"));
        }
        Tender t = tenders.find(tenderId);
        List<BondRefund> due = BondRefund.ofTender(t.id).stream().filter(b -> !b.refunded()).toList();
        if (due.isEmpty()) {
            throw ProblemException.conflict("no-refund-due", Text.of("该项目没有待退还的投标保证金（合同签订后方到期）",
                    "No bid bond of this tender is due for refund (refunds fall due with the contract)"));
        }
        Instant to = refundDate.atStartOfDay(clock.zone()).toInstant();
        List<Map<String, Object>> rows = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (BondRefund b : due) {
            for (BondPayment p : paymentsOf(t.id, b.organisation.id)) {
                BigDecimal interest = interest(p, to);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("tender_code", t.code);
                row.put("lot", p.account.lotNumber);
                row.put("payee_account", p.payerAccount);
                row.put("payee_name", p.payerName);
                row.put("principal", p.amount.toPlainString());
                row.put("interest", interest.toPlainString());
                row.put("total", p.amount.add(interest).toPlainString());
                row.put("value_date", p.valueDate.toString());
                row.put("refund_date", refundDate.toString());
                row.put("sub_account", p.subAccount);
                row.put("original_reference", p.bankReference);
                row.put("memo", "退还投标保证金及利息 " + t.code);
                rows.add(row);
                total = total.add(p.amount).add(interest);
            }
        }
        rows.sort(Comparator.comparing((Map<String, Object> r) -> (Integer) r.get("lot")).thenComparing(r -> (String) r.get("original_reference")));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String c : FILE_COLUMNS) {
            schema.addColumn(c);
        }
        String csv;
        try {
            csv = new CsvMapper().writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        audit.record("bond.refund-file-produced", "tender", t.id, Map.of("lines", rows.size(), "total", total.toPlainString(),
                "refundDate", refundDate.toString(), "sha256", cn.sunlight.common.CanonicalJson.sha256Hex(csv)));
        return csv;
    }
}
