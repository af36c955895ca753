package cn.sunlight.common.input;

import cn.sunlight.common.ProblemException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A bound of {@link Bounds} broken inside a JSON body. A {@link JsonMappingException}, so Jackson adds the path of
 * the field ({@code lots[1].budget}) as it unwinds; the problem mapper names that path.
 */
public class InputRefused extends JsonMappingException {

    private final transient ProblemException problem;

    public InputRefused(JsonParser p, ProblemException problem) {
        super(p, problem.getMessage());
        this.problem = problem;
    }

    public ProblemException problem() {
        return problem;
    }
}
