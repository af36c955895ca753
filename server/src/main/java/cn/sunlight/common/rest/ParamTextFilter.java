package cn.sunlight.common.rest;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.input.Bounds;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Every query and path parameter, whatever its type, is refused before any endpoint reads it when it is longer than
 * {@value #MAX_CHARS} characters or carries NUL, a control or a bidi-override character (the database refuses NUL in
 * text, and such characters are never part of a name, code or search the platform knows).
 */
public class ParamTextFilter {

    static final int MAX_CHARS = 2000;

    @ServerRequestFilter(preMatching = false)
    public void check(ContainerRequestContext ctx) {
        check(ctx.getUriInfo().getQueryParameters());
        check(ctx.getUriInfo().getPathParameters());
    }

    private static void check(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            if (name.length() > 100 || Bounds.forbiddenChar(name) >= 0) {
                throw new ProblemMappers.ParameterRefused(Bounds.refusal(400, "query", "parameter-name",
                        Text.of("参数名无效", "invalid parameter name")));
            }
            for (String v : p.getValue()) {
                if (v == null) {
                    continue;
                }
                if (v.length() > MAX_CHARS) {
                    throw new ProblemMappers.ParameterRefused(Bounds.refusal(400, name, "length",
                            Text.of("参数过长（最多 " + MAX_CHARS + " 个字符）", "too long (at most " + MAX_CHARS + " characters)")));
                }
                try {
                    Bounds.text(name, v);
                } catch (ProblemException e) {
                    throw new ProblemMappers.ParameterRefused(Bounds.refusal(400, name, "characters", e.violations().getFirst().message()));
                }
            }
        }
    }
}
