package cn.sunlight.common;

import java.util.List;

/**
 * A refusal that reaches the caller as RFC 9457 application/problem+json. Services throw it; the REST
 * layer maps it. The {@code type} is a stable slug so clients can branch on it without parsing text.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final Text title;
    private final List<Violation> violations;

    public ProblemException(int status, String type, Text title, List<Violation> violations) {
        super(type + ": " + title.en());
        this.status = status;
        this.type = type;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public ProblemException(int status, String type, Text title) {
        this(status, type, title, List.of());
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", Text.of("未找到" + what + " " + id, what + " " + id + " not found"));
    }

    public static ProblemException conflict(String type, Text title) {
        return new ProblemException(409, type, title);
    }

    public static ProblemException forbidden(Text title) {
        return new ProblemException(403, "forbidden", title);
    }

    public static ProblemException invalid(Violation... violations) {
        return new ProblemException(422, "validation", Text.of("请求未通过校验", "The request failed validation"), List.of(violations));
    }

    public int status() { return status; }
    public String type() { return type; }
    public Text title() { return title; }
    public List<Violation> violations() { return violations; }
}
