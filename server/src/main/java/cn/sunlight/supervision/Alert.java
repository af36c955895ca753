package cn.sunlight.supervision;

import cn.sunlight.common.Text;

import java.time.Instant;
import java.util.Map;

/**
 * Something a supervisor should look at: a legal time limit that is near (YELLOW) or past (RED), or a
 * collusion signal with its evidence. A signal alone is a lead, not proof; the evidence says why.
 */
public record Alert(Level level, String kind, Long tenderId, String tenderCode, Text message, Instant due,
                    String rule, String citation, Map<String, Object> evidence) {

    public enum Level { YELLOW, RED }
}
