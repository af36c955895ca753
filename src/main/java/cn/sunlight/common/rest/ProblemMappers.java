package cn.sunlight.common.rest;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every refusal leaves as RFC 9457 application/problem+json naming the field, the rule and, for
 * legal rules, the figure and citation. zh-CN unless the caller asks for English.
 */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return problemJson(e, headers);
    }

    public static Response problemJson(ProblemException e, HttpHeaders headers) {
        return build(e.status(), e.type(), e.title(), e.violations(), locale(headers));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, HttpHeaders headers) {
        List<Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            String rule = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
            violations.add(Violation.of(fieldOf(v.getPropertyPath().toString()), rule,
                    Text.of(v.getMessage(), v.getMessage())));
        }
        return build(422, "validation", Text.of("请求未通过校验", "The request failed validation"), violations, locale(headers));
    }

    @ServerExceptionMapper({InvalidFormatException.class, MismatchedInputException.class})
    public Response unreadable(MismatchedInputException e, HttpHeaders headers) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("body");
        return build(400, "malformed-body", Text.of("请求体格式错误", "The request body is malformed"),
                List.of(Violation.of(field, "format", Text.of("字段值无法解析: " + e.getOriginalMessage(),
                        "value cannot be read: " + e.getOriginalMessage()))), locale(headers));
    }

    @ServerExceptionMapper
    public Response unparsable(JsonProcessingException e, HttpHeaders headers) {
        return build(400, "malformed-body", Text.of("请求体不是合法的 JSON", "The request body is not valid JSON"),
                List.of(), locale(headers));
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response stale(RuntimeException e, HttpHeaders headers) {
        return build(409, "concurrent-change", Text.of("对象已被他人修改，请刷新后重试",
                "The object was changed concurrently; reload and retry"), List.of(), locale(headers));
    }

    /**
     * A date in a year without a holiday calendar: the platform will not guess working days, and says so instead of
     * failing with a 500 (the operator adds the year's calendar from the State Council's notice).
     */
    @ServerExceptionMapper
    public Response calendar(cn.sunlight.rules.CalendarNotCoveredException e, HttpHeaders headers) {
        int year = e.date().getYear();
        return build(422, "calendar-not-covered", Text.of("工作日历未覆盖 " + year + " 年", "The working-day calendar does not cover " + year),
                List.of(new Violation("date", "working-calendar", Text.of(
                        e.date() + " 所在年份尚无节假日安排（bidding-rules/calendar/" + year + ".yaml），无法计算工作日",
                        "no holiday arrangement for " + e.date() + " (bidding-rules/calendar/" + year
                                + ".yaml), so working days cannot be counted"), String.valueOf(year),
                        "国务院办公厅关于" + year + "年部分节假日安排的通知")), locale(headers));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return build(status, "http-" + status, Text.of(reason, reason), List.of(), locale(headers));
    }

    static Response build(int status, String type, Text title, List<Violation> violations, Locale locale) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:sunlight:problem:" + type);
        body.put("title", title.in(locale));
        body.put("status", status);
        if (!violations.isEmpty()) {
            body.put("detail", violations.getFirst().message().in(locale));
            List<Map<String, Object>> list = new ArrayList<>();
            for (Violation v : violations) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("field", v.field());
                m.put("rule", v.rule());
                m.put("message", v.message().in(locale));
                if (v.figure() != null) {
                    m.put("figure", v.figure());
                }
                if (v.citation() != null) {
                    m.put("citation", v.citation());
                }
                list.add(m);
            }
            body.put("violations", list);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    private static Locale locale(HttpHeaders headers) {
        for (Locale l : headers.getAcceptableLanguages()) {
            if ("en".equals(l.getLanguage())) {
                return Locale.ENGLISH;
            }
            if ("zh".equals(l.getLanguage())) {
                return Locale.SIMPLIFIED_CHINESE;
            }
        }
        return Locale.SIMPLIFIED_CHINESE;
    }

    /** "create.request.lots[0].name" -> "lots[0].name": callers name fields of their JSON body, not Java parameters. */
    static String fieldOf(String path) {
        String[] parts = path.split("\\.", 3);
        return switch (parts.length) {
            case 3 -> parts[2];
            case 2 -> parts[1];
            default -> path;
        };
    }
}
