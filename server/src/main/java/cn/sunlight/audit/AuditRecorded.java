package cn.sunlight.audit;

/**
 * Fired synchronously, inside the transaction of the change, each time {@code AuditTrail} appends an event: features
 * that must record something about a change in the same transaction (the OCDS releases of issue 15) observe it
 * instead of being called from every service.
 */
public record AuditRecorded(AuditEvent event) {
}
