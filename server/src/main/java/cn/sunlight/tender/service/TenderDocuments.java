package cn.sunlight.tender.service;

import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.FileNames;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.document.DocumentTemplates;
import cn.sunlight.document.PdfRenderer;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.storage.ContentTypes;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.DocumentDownload;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tender documents (uploaded by the host, downloaded by registered bidders, every download
 * recorded) and the announcement rendered from templates/tender-announcement.html to HTML and PDF.
 */
@ApplicationScoped
public class TenderDocuments {

    private static final List<String> RULES_SHOWN = List.of("documents-to-deadline", "documents-on-sale",
            "amendment-notice", "objection-to-documents", "bid-bond-max-percent", "bid-bond-max-amount", "min-bids-to-open");

    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final BlobStore blobs;
    private final AuditTrail audit;
    private final PlatformClock clock;
    private final DocumentFormats formats;
    private final RequestActor actor;
    private final DocumentTemplates templates;
    private final PdfRenderer pdf;
    private final long maxDocumentBytes;

    public TenderDocuments(TenderService tenders, HostPolicy hostPolicy, BlobStore blobs, AuditTrail audit, PlatformClock clock, RequestActor actor,
                           DocumentTemplates templates, PdfRenderer pdf, DocumentFormats formats,
                           @ConfigProperty(name = "sunlight.documents.max-bytes", defaultValue = "209715200") long maxDocumentBytes) {
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.blobs = blobs;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
        this.templates = templates;
        this.pdf = pdf;
        this.formats = formats;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** Streams the file into the blob store first, so a failed upload leaves no database row. */
    @Transactional
    public TenderDocument upload(long tenderId, String fileName, String mediaType, InputStream body) {
        Tender t = tenders.hosted(tenderId);
        t.requireDraft();
        String name = FileNames.check("fileName", fileName);
        BlobStore.Stored stored;
        try {
            stored = blobs.put(body, maxDocumentBytes);
        } catch (BlobStore.TooLargeException e) {
            throw new ProblemException(413, "too-large", Text.of("文件超过大小上限 " + maxDocumentBytes + " 字节",
                    "the file exceeds the limit of " + maxDocumentBytes + " bytes"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The uploader's Content-Type is not trusted: the platform decides what the file is served as.
        TenderDocument d = new TenderDocument(t, name, servedType(name, stored.sha256()),
                stored.sha256(), stored.size(), UserAccount.findById(actor.userId()), clock.now(t));
        d.persist();
        audit.record("tender.document-uploaded", "tender", t.id, Map.of("file", name, "sha256", stored.sha256(), "size", stored.size()));
        return d;
    }

    public List<TenderDocument> list(long tenderId) {
        return TenderDocument.ofTender(tenders.publicTender(tenderId).id);
    }

    /** A download by a registered bidder, the host, an operator or a supervisor; always recorded. */
    @Transactional
    public TenderDocument download(long tenderId, long documentId) {
        Tender t = tenders.find(tenderId);
        TenderDocument d = TenderDocument.<TenderDocument>findByIdOptional(documentId)
                .filter(x -> x.tender.id.equals(t.id))
                .orElseThrow(() -> ProblemException.notFound("document", documentId));
        if (actor.is(Role.BIDDER)) {
            if (!t.isPublic() || BidderRegistration.of(t.id, actor.requireOrganisation()).isEmpty()) {
                throw ProblemException.forbidden(Text.of("请先报名该项目再下载招标文件",
                        "register for the tender before downloading its documents"));
            }
        } else if (!hostPolicy.oversees(t)) {
            throw ProblemException.forbidden(Text.of("无权下载该文件", "not allowed to download this document"));
        }
        new DocumentDownload(t.id, d.fileName, actor.userId(), actor.organisationId(), actor.clientAddress(), clock.now(t)).persist();
        audit.read("tender.document-downloaded", "tender", t.id);
        return d;
    }

    public InputStream content(TenderDocument d) {
        return blobs.open(d.sha256);
    }

    /** The content type a document is served with, decided from its name and first bytes ({@link ContentTypes}). */
    public String servedType(String fileName, String sha256) {
        try {
            return ContentTypes.decide(fileName, ContentTypes.head(blobs.open(sha256)));
        } catch (IOException e) {
            return ContentTypes.OCTET_STREAM;
        }
    }

    // ---------------------------------------------------------------- announcement

    public String announcementHtml(long tenderId) {
        Tender t = tenders.publicTender(tenderId);
        return DocumentTemplates.markSandbox(templates.render("tender-announcement.html", model(t)), t.isSandbox());
    }

    public byte[] announcementPdf(long tenderId) {
        return pdf.render(announcementHtml(tenderId));
    }

    private Map<String, Object> model(Tender t) {
        Map<String, Object> m = new HashMap<>();
        m.put("code", t.code);
        m.put("announcementNo", t.code + "-GG");
        m.put("title", t.title);
        m.put("tradeType", t.tradeType.zh());
        m.put("method", t.method.zh());
        m.put("projectName", t.project.name);
        m.put("projectCode", t.project.code);
        m.put("region", t.project.region);
        m.put("tenderingUnit", t.project.tenderingUnit.name);
        m.put("agent", t.project.agent == null ? null : t.project.agent.name);
        m.put("budget", DocumentFormats.yuan(t.budget));
        m.put("ceilingPrice", DocumentFormats.yuan(t.ceilingPrice));
        m.put("bidBond", DocumentFormats.yuan(t.bidBond));
        m.put("evaluationMethod", switch (t.evaluationMethod) {
            case LOWEST_EVALUATED_PRICE -> "经评审的最低投标价法";
            case COMPREHENSIVE_SCORING -> "综合评估法";
            case LOWEST_PRICE_AUCTION -> "网上竞价（最低价成交）";
        });
        m.put("suite", switch (t.cryptoSuite) {
            case INTERNATIONAL -> "国际算法（AES-256-GCM / RSA-OAEP / SHA-256）";
            case NATIONAL -> "国密算法（SM4 / SM2 / SM3）";
        });
        List<Map<String, Object>> lots = new ArrayList<>();
        t.lots.forEach(l -> lots.add(Map.of("number", l.number, "name", l.name, "budget", DocumentFormats.yuan(l.budget))));
        m.put("lots", lots);
        var s = t.schedule;
        m.put("documentsIssuedAt", formats.beijingMinutes(s.documentsIssuedAt));
        m.put("documentsSaleEndsAt", formats.beijingMinutes(s.documentsSaleEndsAt));
        m.put("clarificationCutoff", formats.beijingMinutes(s.clarificationCutoff));
        m.put("bidDeadline", formats.beijingMinutes(s.bidDeadline));
        m.put("openingPlace", s.openingPlace);
        m.put("rulesVersion", t.rulesVersion);
        m.put("rulesId", t.rulesId);
        m.put("publishedAt", formats.beijingMinutes(t.publishedAt));
        m.put("qualifications", t.qualifications);
        RuleSet set = tenders.rulesOf(t);
        List<Map<String, Object>> applied = new ArrayList<>();
        for (String id : RULES_SHOWN) {
            set.find(id).ifPresent(r -> applied.add(ruleRow(r)));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("t", m);
        root.put("rules", applied);
        return root;
    }

    private static Map<String, Object> ruleRow(Rule r) {
        return Map.of("label", r.zh(), "figure", r.figure(), "citation", r.citation());
    }


}
