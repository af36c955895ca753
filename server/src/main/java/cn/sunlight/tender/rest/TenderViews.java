package cn.sunlight.tender.rest;

import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Objection;
import cn.sunlight.tender.Project;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderDocument;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the tender API. Instants are UTC (ISO-8601); clients show them in Asia/Shanghai. */
public final class TenderViews {

    private TenderViews() {
    }

    public record NewProject(@NotBlank @Size(max = 200) String name, @NotBlank String region, Long tenderingUnitId) {
    }

    public record ProjectView(Long id, String code, String name, String region, Long tenderingUnitId,
                              String tenderingUnit, Long agentId, String agent) {
        public static ProjectView of(Project p) {
            return new ProjectView(p.id, p.code, p.name, p.region, p.tenderingUnit.id, p.tenderingUnit.name,
                    p.agent == null ? null : p.agent.id, p.agent == null ? null : p.agent.name);
        }
    }

    public record LotInput(@NotBlank @Size(max = 200) String name, @NotNull @DecimalMin("0.01") BigDecimal budget) {
    }

    public record TenderInput(@NotBlank @Size(max = 200) String title,
                              @NotNull TradeType tradeType,
                              @NotNull TenderMethod method,
                              @NotNull @DecimalMin("0.01") BigDecimal budget,
                              @DecimalMin("0.01") BigDecimal ceilingPrice,
                              @DecimalMin("0") BigDecimal bidBond,
                              @NotNull EvaluationMethod evaluationMethod,
                              CryptoSuite cryptoSuite,
                              String qualifications,
                              Instant documentsIssuedAt,
                              Instant documentsSaleEndsAt,
                              Instant clarificationCutoff,
                              Instant bidDeadline,
                              String openingPlace,
                              @NotEmpty List<@Valid LotInput> lots) {
        public TenderService.TenderDraft toDraft() {
            return new TenderService.TenderDraft(title, tradeType, method, budget, ceilingPrice, bidBond, evaluationMethod,
                    cryptoSuite, qualifications, documentsIssuedAt, documentsSaleEndsAt, clarificationCutoff, bidDeadline,
                    openingPlace, lots.stream().map(l -> new TenderService.LotDraft(l.name(), l.budget())).toList());
        }
    }

    public record LotView(Long id, int number, String name, BigDecimal budget) {
    }

    public record ScheduleView(Instant documentsIssuedAt, Instant documentsSaleEndsAt, Instant clarificationCutoff,
                               Instant bidDeadline, String openingPlace) {
    }

    public record TenderView(Long id, String code, String title, TenderStatus status, String statusLabel,
                             TradeType tradeType, TenderMethod method, Long projectId, String projectCode,
                             String projectName, String region, String tenderingUnit, String agent,
                             BigDecimal budget, BigDecimal ceilingPrice, BigDecimal bidBond,
                             EvaluationMethod evaluationMethod, CryptoSuite cryptoSuite, String qualifications,
                             ScheduleView schedule, String rulesId, String rulesVersion, Instant publishedAt,
                             List<LotView> lots, boolean sandbox, Long rerunOf) {
        public static TenderView of(Tender t) {
            var p = t.project;
            var s = t.schedule;
            return new TenderView(t.id, t.code, t.title, t.status, t.status.label().zh(), t.tradeType, t.method, p.id,
                    p.code, p.name, p.region, p.tenderingUnit.name, p.agent == null ? null : p.agent.name, t.budget,
                    t.ceilingPrice, t.bidBond, t.evaluationMethod, t.cryptoSuite, t.qualifications,
                    new ScheduleView(s.documentsIssuedAt, s.documentsSaleEndsAt, s.clarificationCutoff, s.bidDeadline,
                            s.openingPlace),
                    t.rulesId, t.rulesVersion, t.publishedAt,
                    t.lots.stream().map(l -> new LotView(l.id, l.number, l.name, l.budget)).toList(), t.isSandbox(), t.rerunOf);
        }
    }

    public record CancelRequest(@NotBlank String reason) {
    }

    public record ClarificationInput(@NotNull Clarification.Kind kind, @NotBlank String text,
                                     boolean affectsPreparation, Instant newDeadline) {
    }

    public record ClarificationView(Long id, int number, Clarification.Kind kind, String text, boolean affectsPreparation,
                                    Instant previousDeadline, Instant newDeadline, Instant publishedAt) {
        public static ClarificationView of(Clarification c) {
            return new ClarificationView(c.id, c.number, c.kind, c.text, c.affectsPreparation, c.previousDeadline,
                    c.newDeadline, c.publishedAt);
        }
    }

    public record RegistrationView(Long id, Long tenderId, Long organisationId, String organisation, Instant registeredAt) {
        public static RegistrationView of(BidderRegistration r) {
            return new RegistrationView(r.id, r.tender.id, r.organisation.id, r.organisation.name, r.registeredAt);
        }
    }

    public record ObjectionInput(@NotBlank @Size(max = 200) String subject, @NotBlank String text) {
    }

    public record AnswerInput(@NotBlank String answer) {
    }

    public record ObjectionView(Long id, String organisation, String subject, String text, Instant raisedAt,
                                Instant answerDueAt, String answer, Instant answeredAt) {
        /** The objector is not named before the opening, not even to the host (招标投标法 第二十二条: 潜在投标人的名称保密). */
        public static ObjectionView of(Objection o) {
            return new ObjectionView(o.id, o.tender.status.openedOrLater() ? o.organisation.name : null, o.subject, o.text,
                    o.raisedAt, o.answerDueAt, o.answer, o.answeredAt);
        }
    }

    public record DocumentView(Long id, String fileName, String mediaType, String sha256, long sizeBytes, Instant uploadedAt) {
        public static DocumentView of(TenderDocument d) {
            return new DocumentView(d.id, d.fileName, d.mediaType, d.sha256, d.sizeBytes, d.uploadedAt);
        }
    }
}
