package cn.sunlight.document;

/** No document template of that name exists in the templates directory. */
public class TemplateNotFoundException extends RuntimeException {

    private final String templateName;

    public TemplateNotFoundException(String templateName, String message) {
        super(message);
        this.templateName = templateName;
    }

    public String templateName() {
        return templateName;
    }
}
