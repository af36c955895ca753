package cn.sunlight.document;

import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Signed platform documents: template → XHTML ({@link DocumentTemplates}) → PDF ({@link PdfRenderer}) → PAdES B-T
 * signature by the platform ({@link PdfSigner}).
 */
@ApplicationScoped
public class SignedDocuments {

    /** {@code /Location} of every platform signature. */
    public static final String LOCATION = "Sunlight 电子交易平台";

    private final DocumentTemplates templates;
    private final PdfRenderer renderer;
    private final PdfSigner signer;

    @Inject
    public SignedDocuments(DocumentTemplates templates, PdfRenderer renderer, PdfSigner signer) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * Renders template {@code templateName} with {@code data} to PDF and signs it.
     *
     * @param reason the signature's {@code /Reason}, e.g. "开标记录"; null for none
     * @return the signed PDF
     * @throws TemplateNotFoundException when there is no such template
     * @throws InvalidDocumentException  when the template's output is not well-formed XHTML
     * @throws IllegalStateException     when signing or time-stamping fails
     */
    public byte[] renderSigned(String templateName, Map<String, ?> data, String reason) {
        return renderSigned(templateName, data, reason, false);
    }

    /** As {@link #renderSigned(String, Map, String)}; a sandbox document opens with the sandbox banner. */
    public byte[] renderSigned(String templateName, Map<String, ?> data, String reason, boolean sandbox) {
        String xhtml = DocumentTemplates.markSandbox(templates.render(templateName, data), sandbox);
        byte[] pdf = renderer.render(xhtml);
        return signer.sign(pdf, reason, LOCATION);
    }
}
