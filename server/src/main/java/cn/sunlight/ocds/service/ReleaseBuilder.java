package cn.sunlight.ocds.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.award.Award;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.Lot;
import cn.sunlight.tender.Tender;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the OCDS 1.1 release of a tender as the public may know it at this moment (with the lots, bids and
 * submission terms extensions). What is confidential stays out by construction: bidders and prices come only from
 * artefacts that exist after the opening (opened bids, once read out; closed online biddings; awards), the
 * evaluation's verdicts only once the candidates are published (招标投标法 Art. 22, 44; 实施条例 Art. 54; 政府采购法实施条例
 * Art. 40) — the same moments at which the public log discloses them.
 */
@ApplicationScoped
public class ReleaseBuilder {

    static final String CNY = "CNY";
    static final String SCHEME = "CN-USCC";

    private final OcdsCodes codes;
    private final ReleaseBids bids;
    private final String baseUrl;
    private final String publisherName;

    public ReleaseBuilder(OcdsCodes codes, ReleaseBids bids, @ConfigProperty(name = "sunlight.ocds.base-url") String baseUrl,
                          @ConfigProperty(name = "sunlight.ocds.publisher.name") String publisherName) {
        this.codes = codes;
        this.bids = bids;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.publisherName = publisherName;
    }

    public String publisherName() {
        return publisherName;
    }

    /** The release {@code releaseId} of tender {@code t} at {@code date}, made by audit event {@code cause}. */
    public Map<String, Object> build(Tender t, String ocid, String releaseId, Instant date, List<String> tags, AuditEvent cause) {
        ReleaseParties parties = new ReleaseParties();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ocid", ocid);
        r.put("id", releaseId);
        r.put("date", date.toString());
        r.put("tag", tags);
        r.put("initiationType", "tender");
        r.put("language", "zh");
        Organisation unit = t.project.tenderingUnit;
        r.put("buyer", parties.add(unit, "buyer"));
        Map<String, Object> procuring = parties.add(t.project.agent != null ? t.project.agent : unit, "procuringEntity");
        r.put("planning", Map.of("budget", Map.of("amount", money(t.budget), "project", t.project.name, "projectID", t.project.code)));
        Map<String, Object> tender = tender(t, procuring);
        r.put("tender", tender);

        Map<Long, String> bidIds = new LinkedHashMap<>();
        Map<String, Object> bids = this.bids.section(t, cause, parties, bidIds);
        if (bids != null) {
            r.put("bids", bids);
            List<Map<String, Object>> details = castList(bids.get("details"));
            if (details != null) {
                LinkedHashSet<Map<String, Object>> tenderers = new LinkedHashSet<>();
                details.forEach(d -> tenderers.addAll(castList(d.get("tenderers"))));
                tender.put("tenderers", List.copyOf(tenderers));
                tender.put("numberOfTenderers", tenderers.size());
            }
        }
        List<Award> awards = Award.ofTender(t.id);
        if (!awards.isEmpty()) {
            r.put("awards", awards.stream().map(a -> award(t, a, parties, bidIds)).toList());
            List<Map<String, Object>> contracts = awards.stream().filter(Award::contracted).map(a -> contract(a, bidIds)).toList();
            if (!contracts.isEmpty()) {
                r.put("contracts", contracts);
            }
        }
        r.put("parties", parties.list());
        return r;
    }

    private Map<String, Object> tender(Tender t, Map<String, Object> procuring) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.code);
        m.put("title", t.title);
        if (t.ceilingPrice != null) {
            m.put("description", "最高投标限价（招标控制价）人民币 " + t.ceilingPrice.toPlainString() + " 元");
            m.put("description_en", "Ceiling price CNY " + t.ceilingPrice.toPlainString());
        }
        m.put("status", codes.tenderStatus(t.status));
        m.put("procuringEntity", procuring);
        m.put("value", money(t.budget));
        OcdsCodes.Coded method = codes.procurementMethod(t.method);
        m.put("procurementMethod", method.code());
        m.put("procurementMethodDetails", method.label().zh());
        m.put("procurementMethodDetails_en", method.label().en());
        String category = codes.mainProcurementCategory(t.tradeType);
        if (category != null) {
            m.put("mainProcurementCategory", category);
        }
        OcdsCodes.Coded criteria = codes.awardCriteria(t.evaluationMethod);
        m.put("awardCriteria", criteria.code());
        m.put("awardCriteriaDetails", criteria.label().zh());
        m.put("awardCriteriaDetails_en", criteria.label().en());
        m.put("submissionMethod", List.of("electronicSubmission"));
        m.put("submissionMethodDetails", "电子招标投标交易平台在线递交加密投标文件，不见面开标");
        m.put("submissionMethodDetails_en", "Encrypted bids submitted online on the e-tendering trading platform; online opening");
        if (t.schedule.bidDeadline != null) {
            m.put("tenderPeriod", period(t.schedule.documentsIssuedAt, t.schedule.bidDeadline));
        }
        if (t.publishedAt != null && t.schedule.clarificationCutoff != null) {
            m.put("enquiryPeriod", period(t.publishedAt, t.schedule.clarificationCutoff));
        }
        if (t.qualifications != null && !t.qualifications.isBlank()) {
            m.put("eligibilityCriteria", t.qualifications);
        }
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("electronicSubmissionPolicy", "required");
        terms.put("advancedElectronicSignatureRequired", true);
        terms.put("languages", List.of("zh"));
        terms.put("depositsGuarantees", t.bidBond.signum() == 0 ? "不收取投标保证金"
                : "投标保证金人民币 " + t.bidBond.toPlainString() + " 元（CNY " + t.bidBond.toPlainString() + " bid bond）");
        m.put("submissionTerms", terms);
        m.put("lots", t.lots.stream().map(l -> lot(t, l)).toList());

        List<Map<String, Object>> documents = new ArrayList<>();
        documents.add(document("announcement", "tenderNotice", "招标（采购）公告", "Tender announcement",
                baseUrl + "/api/tenders/" + t.id + "/announcement.pdf", t.publishedAt, "application/pdf"));
        List<Map<String, Object>> amendments = new ArrayList<>();
        for (Clarification c : Clarification.ofTender(t.id)) {
            if (c.kind == Clarification.Kind.AMENDMENT) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", "amendment-" + c.number);
                a.put("date", c.publishedAt.toString());
                a.put("rationale", "招标文件修改 第 " + c.number + " 号");
                a.put("rationale_en", "Amendment no. " + c.number + " of the tender documents");
                a.put("description", c.text + (c.newDeadline.equals(c.previousDeadline) ? ""
                        : "（投标截止时间由 " + c.previousDeadline + " 顺延至 " + c.newDeadline + "）"));
                amendments.add(a);
            }
            Map<String, Object> d = document("clarification-" + c.number, "clarifications",
                    (c.kind == Clarification.Kind.AMENDMENT ? "修改" : "澄清") + " 第 " + c.number + " 号",
                    (c.kind == Clarification.Kind.AMENDMENT ? "Amendment" : "Clarification") + " no. " + c.number, null, c.publishedAt, null);
            d.put("description", c.text);
            documents.add(d);
        }
        if (Award.count("tenderId", t.id) > 0) {
            documents.add(document("award-announcement", "awardNotice", "中标（成交）结果公告", "Award announcement",
                    baseUrl + "/api/tenders/" + t.id + "/award/announcement.pdf", null, "application/pdf"));
        }
        m.put("documents", documents);
        if (!amendments.isEmpty()) {
            m.put("amendments", amendments);
        }
        return m;
    }

    private Map<String, Object> lot(Tender t, Lot l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(l.number));
        m.put("title", l.name);
        m.put("value", money(l.budget));
        Optional<Award> award = Award.of(t.id, l.number);
        m.put("status", award.isPresent() ? "complete" : codes.tenderStatus(t.status));
        return m;
    }

    private Map<String, Object> award(Tender t, Award a, ReleaseParties parties, Map<Long, String> bidIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "award-" + a.lotNumber);
        m.put("title", "第 " + a.lotNumber + " 标段（包）中标（成交）结果");
        m.put("title_en", "Award of lot " + a.lotNumber);
        m.put("status", "active");
        m.put("date", a.awardedAt.toString());
        m.put("value", money(a.price));
        m.put("suppliers", List.of(parties.add(a.winner, "supplier")));
        m.put("relatedLots", List.of(String.valueOf(a.lotNumber)));
        if (bidIds.containsKey(a.bidId)) {
            m.put("relatedBids", List.of(bidIds.get(a.bidId)));
        }
        return m;
    }

    private Map<String, Object> contract(Award a, Map<Long, String> bidIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "contract-" + a.lotNumber);
        m.put("awardID", "award-" + a.lotNumber);
        m.put("title", "第 " + a.lotNumber + " 标段（包）合同");
        m.put("title_en", "Contract of lot " + a.lotNumber);
        m.put("status", "active");
        m.put("value", money(a.contractAmount));
        m.put("dateSigned", a.contractedAt.toString());
        if (bidIds.containsKey(a.bidId)) {
            m.put("relatedBids", List.of(bidIds.get(a.bidId)));
        }
        return m;
    }

    static Map<String, Object> money(BigDecimal amount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", amount);
        m.put("currency", CNY);
        return m;
    }

    static Map<String, Object> period(Instant start, Instant end) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (start != null) {
            m.put("startDate", start.toString());
        }
        m.put("endDate", end.toString());
        return m;
    }

    static Map<String, Object> document(String id, String type, String title, String titleEn, String url, Instant published,
                                        String format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("documentType", type);
        m.put("title", title);
        m.put("title_en", titleEn);
        if (url != null) {
            m.put("url", url);
        }
        if (published != null) {
            m.put("datePublished", published.toString());
        }
        if (format != null) {
            m.put("format", format);
        }
        m.put("language", "zh");
        return m;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> castList(Object o) {
        return (List<T>) o;
    }

    static JsonNode read(String json) {
        try {
            return CanonicalJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("audit state is not JSON", e);
        }
    }
}
