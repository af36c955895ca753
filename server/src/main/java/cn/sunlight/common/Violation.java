package cn.sunlight.common;

/**
 * One reason a request was refused: the field it concerns, the rule it broke, and for legal rules the
 * figure and citation, so the refusal can be checked against the law without asking the platform.
 */
public record Violation(String field, String rule, Text message, String figure, String citation) {

    public static Violation of(String field, String rule, Text message) {
        return new Violation(field, rule, message, null, null);
    }
}
