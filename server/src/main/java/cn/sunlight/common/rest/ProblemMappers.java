package cn.sunlight.common.rest;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RateLimited;
import cn.sunlight.common.input.InputRefused;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.hibernate.JDBCException;
import org.hibernate.exception.DataException;
import org.jboss.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return problemJson(e, headers);
    }

    public static Response problemJson(ProblemException e, HttpHeaders headers) {
        Response r = build(e.status(), e.type(), e.title(), e.violations(), locale(headers));
        if (e instanceof RateLimited limited) {
            r.getHeaders().putSingle("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        return r;
    }

    /** A parameter refused by {@link BoundedParams}: a WebApplicationException, so JAX-RS keeps it (not a 404). */
    public static class ParameterRefused extends WebApplicationException {
        private final transient ProblemException problem;

        public ParameterRefused(ProblemException problem) {
            super(problem.getMessage(), problem.status());
            this.problem = problem;
        }

        public ProblemException problem() {
            return problem;
        }
    }

    @ServerExceptionMapper
    public Response parameter(ParameterRefused e, HttpHeaders headers) {
        return problemJson(e.problem(), headers);
    }

    /** A bound of the JSON input broken ({@link InputRefused}): its problem, naming the field by its JSON path. */
    @ServerExceptionMapper
    public Response bounded(InputRefused e, HttpHeaders headers) {
        ProblemException p = e.problem();
        String path = pathOf(e);
        List<Violation> named = p.violations().stream()
                .map(v -> new Violation(path.equals("body") ? v.field() : path, v.rule(), v.message(), v.figure(), v.citation()))
                .toList();
        return build(p.status(), p.type(), p.title(), named, locale(headers));
    }

    static String pathOf(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
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

    /**
     * A value of the body that does not fit its field. The message says what was expected in the API's terms; Jackson's
     * own message names Java types and is never sent.
     */
    @ServerExceptionMapper({InvalidFormatException.class, MismatchedInputException.class, JsonMappingException.class})
    public Response unreadable(JsonMappingException e, HttpHeaders headers) {
        String field = pathOf(e);
        Text expected = Text.of("字段值无法解析", "value cannot be read");
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t.isEnum()) {
                String values = java.util.Arrays.stream(t.getEnumConstants()).map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", "));
                expected = Text.of("应为以下之一: " + values, "expected one of: " + values);
            } else if (t == Boolean.class || t == boolean.class) {
                expected = Text.of("应为 true 或 false", "expected true or false");
            } else if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
                expected = Text.of("应为数字", "expected a number");
            } else if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
                expected = Text.of("应为数组", "expected an array");
            } else if (t != String.class) {
                expected = Text.of("应为对象", "expected an object");
            }
        }
        return build(400, "malformed-body", Text.of("请求体格式错误", "The request body is malformed"),
                List.of(Violation.of(field, "format", expected)), locale(headers));
    }

    @ServerExceptionMapper
    public Response unparsable(JsonProcessingException e, HttpHeaders headers) {
        boolean limit = e instanceof StreamConstraintsException;
        return build(400, "malformed-body", Text.of("请求体不是合法的 JSON" + (limit ? "（超出长度或嵌套深度限制）" : ""),
                        "The request body is not valid JSON" + (limit ? " (beyond a length or nesting limit)" : "")),
                List.of(Violation.of("body", limit ? "json-limits" : "json", Text.of("无法解析", "cannot be parsed"))), locale(headers));
    }

    /**
     * A value the database cannot hold that a bound above did not catch: a 422 without the database's words (which
     * name tables and columns). Uniqueness races are 409.
     */
    @ServerExceptionMapper({DataException.class, org.hibernate.exception.ConstraintViolationException.class})
    public Response database(JDBCException e, HttpHeaders headers) {
        LOG.warnf("refused by the database: %s", e.getSQLException() == null ? e.getMessage() : e.getSQLException().getMessage());
        if (e instanceof org.hibernate.exception.ConstraintViolationException) {
            return build(409, "conflict", Text.of("与已有数据冲突", "Conflicts with existing data"), List.of(), locale(headers));
        }
        return build(422, "validation", Text.of("请求未通过校验", "The request failed validation"),
                List.of(Violation.of("body", "range", Text.of("某个值超出可保存的范围", "a value is outside the range that can be stored"))),
                locale(headers));
    }

    /**
     * Anything else is the platform's fault: logged with its stack trace here, answered without it (no class names,
     * no messages) so a failure never tells an attacker how the platform is built. Wrapped known refusals are unwrapped.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, HttpHeaders headers) {
        for (Throwable c = e instanceof io.vertx.core.http.HttpClosedException ? e : e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof ProblemException p) {
                return problemJson(p, headers);
            }
            if (c instanceof JDBCException j && (j instanceof DataException || j instanceof org.hibernate.exception.ConstraintViolationException)) {
                return database(j, headers);
            }
            if (c instanceof WebApplicationException w) {
                return web(w, headers);
            }
            if (c instanceof java.sql.SQLException q && databaseOverloaded(q)) {
                // The database refused a new session (its max_connections reached) or the pool had none free in time:
                // an overload, not a fault of the request; the client may retry (the bidder tool reconciles first).
                LOG.warnf("database busy: %s", q.getMessage());
                Response r = build(503, "database-busy", Text.of("系统繁忙，请稍后重试", "The platform is busy; please retry shortly"),
                        List.of(), locale(headers));
                r.getHeaders().putSingle("Retry-After", "1");
                return r;
            }
            if (c instanceof io.vertx.core.http.HttpClosedException) {
                // The client went away mid-request (an upload cut off): nobody reads the answer, and it is not a fault
                // of the platform (the upload left nothing behind); no ERROR line.
                LOG.debugf("client closed the connection: %s", c.getMessage());
                return build(400, "connection-closed", Text.of("连接已被客户端关闭", "The client closed the connection"),
                        List.of(), locale(headers));
            }
        }
        LOG.error("unexpected failure", e);
        return build(500, "internal", Text.of("服务器内部错误，已记录", "Internal error; it has been logged"), List.of(), locale(headers));
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
        // The JSON reader wraps a refused value in a plain 400: answer with what was refused, naming the field.
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof InputRefused r) {
                return bounded(r, headers);
            }
            if (c instanceof JsonMappingException m) {
                return unreadable(m, headers);
            }
            if (c instanceof JsonProcessingException j) {
                return unparsable(j, headers);
            }
            if (c instanceof ProblemException p) {
                return problemJson(p, headers);
            }
        }
        int status = e.getResponse().getStatus();
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        Response r = build(status, "http-" + status, Text.of(reason, reason), List.of(), locale(headers));
        // Keep the framework's headers (WWW-Authenticate on a 401, Allow on a 405) but answer with a problem body.
        e.getResponse().getHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) {
                r.getHeaders().put(k, v);
            }
        });
        return r;
    }

    /** A 401 or 403 with a problem body (the framework's own answer has none). */
    public static Response denied(int status, HttpHeaders headers) {
        Text title = status == 401 ? Text.of("需要登录", "Authentication required")
                : Text.of("无权执行此操作", "Not allowed for this account");
        Response r = build(status, status == 401 ? "unauthorized" : "forbidden", title, List.of(), locale(headers));
        if (status == 401) {
            r.getHeaders().putSingle("WWW-Authenticate", "Bearer");
        }
        return r;
    }

    /** SQLSTATE 53300 too_many_connections, 57P03 cannot_connect_now, or Agroal's pool acquisition timeout. */
    static boolean databaseOverloaded(java.sql.SQLException e) {
        String state = e.getSQLState();
        return "53300".equals(state) || "57P03".equals(state)
                || (e.getMessage() != null && e.getMessage().startsWith("Sorry, acquisition timeout"));
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
