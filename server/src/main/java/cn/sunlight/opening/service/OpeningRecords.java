package cn.sunlight.opening.service;

import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.opening.OpeningConfirmation;
import cn.sunlight.opening.OpeningSession;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.Lot;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The opening record (开标记录): rendered from templates/opening-record.html, signed PAdES B-T by the
 * platform, and kept in the blob store under its hash, which the session and the audit log record.
 */
@ApplicationScoped
public class OpeningRecords {

    private static final Map<String, String> ITEM_LABELS = Map.of("duration", "工期/交货期", "quality", "质量标准",
            "projectManager", "项目经理", "warranty", "质保期", "discount", "优惠");

    private final SignedDocuments documents;
    private final BlobStore blobs;
    private final PlatformClock clock;
    private final DocumentFormats formats;
    private final TenderService tenders;
    private final RequestActor actor;
    private final HostPolicy hostPolicy;

    public OpeningRecords(SignedDocuments documents, BlobStore blobs, PlatformClock clock, TenderService tenders,
                          RequestActor actor, HostPolicy hostPolicy, DocumentFormats formats) {
        this.documents = documents;
        this.blobs = blobs;
        this.clock = clock;
        this.tenders = tenders;
        this.actor = actor;
        this.hostPolicy = hostPolicy;
        this.formats = formats;
    }

    /** A copy of the signed record and the code of the tender it records (its file name). */
    public record Copy(String tenderCode, byte[] pdf) {
    }

    /** The signed record for the tender's participants: its registered bidders, and who oversees it ({@link HostPolicy}). */
    @Transactional
    public Copy forParticipant(long tenderId) {
        Tender t = tenders.find(tenderId);
        boolean participant = actor.is(Role.BIDDER) ? BidderRegistration.of(t.id, actor.requireOrganisation()).isPresent()
                : hostPolicy.oversees(t);
        if (!participant) {
            throw ProblemException.forbidden(Text.of("只有该项目的参与方和监督人员可以查看开标记录",
                    "only the tender's participants and supervisors may read the opening record"));
        }
        OpeningSession s = OpeningSession.<OpeningSession>findByIdOptional(t.id)
                .orElseThrow(() -> ProblemException.notFound("opening session of tender", tenderId));
        byte[] pdf = read(s).orElseThrow(() -> ProblemException.notFound("opening record of tender", tenderId));
        return new Copy(t.code, pdf);
    }

    /** Renders, signs and stores the record; returns its SHA-256. */
    public String publish(Tender t, OpeningSession s, Instant closedAt) {
        byte[] pdf = documents.renderSigned("opening-record.html", model(t, s, closedAt), "开标记录 / Bid opening record " + t.code, t.isSandbox());
        try {
            return blobs.put(new ByteArrayInputStream(pdf), Long.MAX_VALUE).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<byte[]> read(OpeningSession s) {
        if (s.recordSha256 == null) {
            return Optional.empty();
        }
        try (var in = blobs.open(s.recordSha256)) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> model(Tender t, OpeningSession s, Instant closedAt) {
        Map<String, Object> r = new HashMap<>();
        r.put("recordNo", t.code + "-KB");
        r.put("tenderCode", t.code);
        r.put("title", t.title);
        r.put("tenderingUnit", t.project.tenderingUnit.name);
        r.put("agent", t.project.agent == null ? null : t.project.agent.name);
        r.put("openingPlace", t.schedule.openingPlace);
        r.put("deadline", formats.beijingSeconds(t.schedule.bidDeadline));
        r.put("startedAt", formats.beijingSeconds(s.startedAt));
        r.put("closedAt", formats.beijingSeconds(closedAt));
        r.put("host", t.project.agent != null ? t.project.agent.name : t.project.tenderingUnit.name);
        r.put("supervisor", null);
        r.put("ceilingPrice", t.ceilingPrice == null ? null : DocumentFormats.yuan(t.ceilingPrice));
        r.put("status", "开标完成 / Opening completed");
        Map<Long, OpeningConfirmation> confirmations = new HashMap<>();
        OpeningConfirmation.<OpeningConfirmation>list("tenderId", t.id).forEach(c -> confirmations.put(c.bidId, c));
        List<OpenedBid> opened = OpenedBid.ofTender(t.id);
        List<Map<String, Object>> lots = new ArrayList<>();
        for (Lot lot : t.lots) {
            List<Map<String, Object>> lines = new ArrayList<>();
            int seq = 1;
            for (OpenedBid o : opened) {
                if (o.bid.lot.number != lot.number) {
                    continue;
                }
                Map<String, Object> line = new HashMap<>();
                line.put("seq", seq++);
                line.put("bidder", o.bid.organisation.name);
                line.put("price", o.price == null ? "—" : DocumentFormats.yuan(o.price));
                line.put("items", items(o.openingForm));
                line.put("bond", cn.sunlight.bond.BondCheck.ofBid(o.bid.id).map(b -> switch (b.outcome) {
                    case PAID -> "已缴纳 / paid " + b.valueDate;
                    case GUARANTEED -> "保函 / guarantee";
                    case MISSING -> "未缴纳 / missing";
                }).orElse(null));
                line.put("decryption", o.status == OpenedBid.Status.DECRYPTED ? "已解密" : "解密失败");
                line.put("failure", o.failureReason == null ? null : o.failureReason + "（" + (o.consequence == OpenedBid.Consequence.REVOKED
                        ? "视为撤销投标" : "视为撤回投标") + "，《电子招标投标办法》第三十一条）");
                line.put("aboveCeiling", o.price != null && t.ceilingPrice != null && o.price.compareTo(t.ceilingPrice) > 0);
                OpeningConfirmation c = confirmations.get(o.bidId);
                line.put("confirmation", c == null ? "未确认" : c.kind == OpeningConfirmation.Kind.CONFIRMED ? "已确认" : "有异议");
                lines.add(line);
            }
            Map<String, Object> l = new HashMap<>();
            l.put("number", lot.number);
            l.put("name", lot.name);
            l.put("lines", lines);
            lots.add(l);
        }
        r.put("lots", lots);
        List<Map<String, Object>> objections = new ArrayList<>();
        for (OpeningConfirmation c : confirmations.values()) {
            if (c.kind == OpeningConfirmation.Kind.OBJECTED) {
                Map<String, Object> o = new HashMap<>();
                o.put("bidder", SealedBid.<SealedBid>findById(c.bidId).organisation.name);
                o.put("text", c.text);
                o.put("answer", c.answer);
                objections.add(o);
            }
        }
        r.put("objections", objections);
        RuleSet set = tenders.rulesOf(t);
        List<String> citations = new ArrayList<>();
        set.find("min-bids-to-open").ifPresent(rule -> citations.add(rule.zh() + "：" + rule.figure() + "（" + rule.citation() + "）"));
        set.find("decryption-window").ifPresent(rule -> citations.add(rule.zh() + "：" + rule.figure() + "（" + rule.citation() + "）"));
        citations.add("投标文件解密失败的处理：《电子招标投标办法》第三十一条");
        r.put("rulesCitations", citations);
        return Map.of("r", r);
    }

    private static List<Map<String, Object>> items(String openingForm) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (openingForm == null) {
            return out;
        }
        try {
            Map<String, Object> form = CanonicalJson.mapper().readValue(openingForm, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            form.forEach((k, v) -> {
                if (!"price".equals(k)) {
                    out.add(Map.of("label", ITEM_LABELS.getOrDefault(k, k), "value", String.valueOf(v)));
                }
            });
        } catch (IOException e) {
            out.add(Map.of("label", "opening-form.json", "value", "unreadable"));
        }
        return out;
    }


}
