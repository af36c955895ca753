package cn.sunlight.supervision.service;

import cn.sunlight.supervision.Alert;

import java.time.Instant;
import java.util.List;

/**
 * A producer of supervisors' alerts. Each feature that owns a legal time limit or a collusion signal
 * contributes one bean; the desk gathers them all, so adding a signal never touches the desk.
 */
public interface AlertSource {

    List<Alert> alerts(Instant now);
}
