package cn.sunlight.bond.rest;

import cn.sunlight.bond.BondAccount;
import cn.sunlight.bond.BondCheck;
import cn.sunlight.bond.BondGuarantee;
import cn.sunlight.bond.BondPayment;
import cn.sunlight.bond.GuarantorAnchor;
import cn.sunlight.bond.service.BondGuarantees;
import cn.sunlight.bond.service.BondLedger;
import cn.sunlight.bond.service.BondRefunds;
import cn.sunlight.common.rest.Created;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static cn.sunlight.common.Role.Names.*;

@Path("/api")
@Tag(name = "Bid bonds", description = "Bond sub-accounts, bank statement import, electronic guarantees, the ledger and the refund file")
@SecurityRequirement(name = "jwt")
public class BondResource {

    private final BondLedger ledger;
    private final BondGuarantees guarantees;
    private final BondRefunds refunds;

    public BondResource(BondLedger ledger, BondGuarantees guarantees, BondRefunds refunds) {
        this.ledger = ledger;
        this.guarantees = guarantees;
        this.refunds = refunds;
    }

    public record PaymentView(long id, String subAccount, String bankReference, String payerAccount, String payerName,
                              BigDecimal amount, LocalDate valueDate, Integer lot, Long organisationId, Instant importedAt) {
        static PaymentView of(BondPayment p) {
            return new PaymentView(p.id, p.subAccount, p.bankReference, p.payerAccount, p.payerName, p.amount, p.valueDate,
                    p.account == null ? null : p.account.lotNumber, p.account == null ? null : p.account.organisation.id, p.importedAt);
        }
    }

    public record GuaranteeView(long id, int lot, long organisationId, String guaranteeNo, String guarantor, String signerSubject,
                                BigDecimal amount, LocalDate validFrom, LocalDate validUntil, String documentSha256, Instant uploadedAt) {
        static GuaranteeView of(BondGuarantee g) {
            return new GuaranteeView(g.id, g.account.lotNumber, g.account.organisation.id, g.guaranteeNo, g.guarantor,
                    g.signerSubject, g.amount, g.validFrom, g.validUntil, g.documentSha256, g.uploadedAt);
        }
    }

    public record AccountView(int lot, String accountNo, String accountName, String bank, BigDecimal required,
                              List<PaymentView> payments, List<GuaranteeView> guarantees) {
        static AccountView of(BondLedger.AccountView v) {
            BondAccount a = v.account();
            return new AccountView(a.lotNumber, a.accountNo, v.accountName(), v.bank(), v.required(),
                    v.payments().stream().map(PaymentView::of).toList(), v.guarantees().stream().map(GuaranteeView::of).toList());
        }
    }

    public record ImportView(String statementSha256, int lines, int added, int duplicates, int matched, List<PaymentView> unmatched) {
    }

    public record CheckView(long bidId, int lot, long organisationId, String organisation, BondCheck.Outcome outcome,
                            BigDecimal required, BigDecimal paid, LocalDate valueDate, Long guaranteeId, String rule, Instant checkedAt) {
        static CheckView of(BondCheck c) {
            return new CheckView(c.bidId, c.lotNumber, c.organisation.id, c.organisation.name, c.outcome, c.required, c.paid,
                    c.valueDate, c.guaranteeId, c.ruleId, c.checkedAt);
        }
    }

    public record LedgerView(long tenderId, BigDecimal required, List<PaymentView> payments, List<GuaranteeView> guarantees,
                             List<CheckView> checks) {
    }

    public record AnchorInput(@NotBlank @Size(max = 20_000) String certificate) {
    }

    public record AnchorView(long id, String subject, String sha256, Instant addedAt) {
        static AnchorView of(GuarantorAnchor a) {
            return new AnchorView(a.id, a.subject, a.sha256, a.addedAt);
        }
    }

    @GET
    @Path("/tenders/{id}/bond-accounts/mine")
    @RolesAllowed(BIDDER)
    @Operation(summary = "The caller's bond sub-accounts (虚拟子账号), one per lot, issued on the first request of a registered "
            + "bidder; with the payments the bank reported and the accepted guarantees")
    @APIResponse(responseCode = "200", description = "Sub-accounts")
    @APIResponse(responseCode = "403", description = "Not registered for the tender")
    @APIResponse(responseCode = "404", description = "No such tender")
    public List<AccountView> mine(@PathParam("id") long id) {
        return ledger.mine(id).stream().map(AccountView::of).toList();
    }

    @POST
    @Path("/bond/statements")
    @RolesAllowed(OPERATOR)
    @Consumes({"text/csv", "application/json"})
    @Operation(summary = "Import a bank statement of the bond account (CSV or JSON, see README); lines already imported "
            + "(same sub-account and bank reference) are skipped; lines for unknown sub-accounts are kept as unmatched")
    @APIResponse(responseCode = "200", description = "Imported: counts and the unmatched lines")
    @APIResponse(responseCode = "422", description = "A line is invalid (the field is named, e.g. lines[3].amount); nothing imported")
    @APIResponse(responseCode = "403", description = "Not an operator")
    public ImportView importStatement(@HeaderParam("Content-Type") String contentType, String body) {
        BondLedger.ImportResult r = ledger.importStatement(contentType, body);
        return new ImportView(r.statementSha256(), r.lines(), r.added(), r.duplicates(), r.matched(),
                r.unmatched().stream().map(PaymentView::of).toList());
    }

    @GET
    @Path("/bond/statements/unmatched")
    @RolesAllowed(OPERATOR)
    @Operation(summary = "Statement lines paid into sub-accounts the platform never issued, newest first")
    @APIResponse(responseCode = "200", description = "Unmatched lines")
    public List<PaymentView> unmatched(@QueryParam("limit") @DefaultValue("100") int limit) {
        return ledger.unmatched(limit).stream().map(PaymentView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/bond-ledger")
    @RolesAllowed({TENDERER, AGENT, OPERATOR, SUPERVISOR})
    @Operation(summary = "The tender's bond ledger: payments, guarantees and the checks made before decryption (from the opening on)")
    @APIResponse(responseCode = "200", description = "Ledger")
    @APIResponse(responseCode = "403", description = "Not the host or an overseer")
    @APIResponse(responseCode = "409", description = "Before the opening: confidential")
    public LedgerView ledger(@PathParam("id") long id) {
        BondLedger.TenderLedger l = ledger.ledger(id);
        return new LedgerView(l.tenderId(), l.required(), l.payments().stream().map(PaymentView::of).toList(),
                l.guarantees().stream().map(GuaranteeView::of).toList(), l.checks().stream().map(CheckView::of).toList());
    }

    @POST
    @Path("/tenders/{id}/lots/{lot}/bond-guarantees")
    @RolesAllowed(BIDDER)
    @Consumes({"application/pkcs7-mime", "application/octet-stream"})
    @Operation(summary = "Upload an electronic guarantee (CMS SignedData with the guarantee as JSON content, see README) "
            + "before the deadline; verified at once")
    @APIResponse(responseCode = "201", description = "Accepted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = GuaranteeView.class)),
            headers = @Header(name = "Location", description = "Where the caller's guarantees can be read"))
    @APIResponse(responseCode = "403", description = "Not registered for the tender")
    @APIResponse(responseCode = "409", description = "After the deadline, or already uploaded")
    @APIResponse(responseCode = "422", description = "Refused: the field and the rule are named (signature, trust list, amount, validity, names)")
    public RestResponse<GuaranteeView> upload(@PathParam("id") long id, @PathParam("lot") int lot, @NotNull byte[] document) {
        return Created.at("/api/tenders/" + id + "/lots/" + lot + "/bond-guarantees/mine",
                GuaranteeView.of(guarantees.upload(id, lot, document)));
    }

    @GET
    @Path("/tenders/{id}/lots/{lot}/bond-guarantees/mine")
    @RolesAllowed(BIDDER)
    @Operation(summary = "The caller's accepted guarantees for a lot")
    @APIResponse(responseCode = "200", description = "Guarantees")
    public List<GuaranteeView> myGuarantees(@PathParam("id") long id, @PathParam("lot") int lot) {
        return guarantees.mine(id, lot).stream().map(GuaranteeView::of).toList();
    }

    @POST
    @Path("/bond/guarantors")
    @RolesAllowed(OPERATOR)
    @Operation(summary = "Put a guarantor's CA certificate (PEM) on the trust list for electronic guarantees")
    @APIResponse(responseCode = "201", description = "On the list",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnchorView.class)),
            headers = @Header(name = "Location", description = "The trust list"))
    @APIResponse(responseCode = "400", description = "Not a PEM CA certificate")
    public RestResponse<AnchorView> trust(@Valid @NotNull AnchorInput input) {
        return Created.at("/api/bond/guarantors", AnchorView.of(guarantees.trust(input.certificate())));
    }

    @GET
    @Path("/bond/guarantors")
    @RolesAllowed({OPERATOR, SUPERVISOR})
    @Operation(summary = "The guarantor trust list")
    @APIResponse(responseCode = "200", description = "Trusted guarantor CAs")
    public List<AnchorView> trustList() {
        return guarantees.trustList().stream().map(AnchorView::of).toList();
    }

    @GET
    @Path("/tenders/{id}/bonds/refund-file.csv")
    @RolesAllowed(OPERATOR)
    @Produces("text/csv")
    @Operation(summary = "The refund file for the bank (CSV, see README): each bond payment due back, to the account it came "
            + "from, with demand-deposit interest to the refund date")
    @APIResponse(responseCode = "200", description = "CSV")
    @APIResponse(responseCode = "409", description = "No refund due yet")
    public Response refundFile(@PathParam("id") long id, @QueryParam("date") @NotNull LocalDate date) {
        return Response.ok(refunds.refundFile(id, date), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"bond-refunds-" + id + "-" + date + ".csv\"").build();
    }
}
