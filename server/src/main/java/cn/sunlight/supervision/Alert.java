package cn.sunlight.supervision;

import cn.sunlight.common.Text;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * Something a supervisor should look at: a legal time limit that is near (YELLOW) or past (RED), or a
 * collusion signal with its evidence. A signal alone is a lead, not proof; the evidence says why.
 * {@code ref} tells apart alerts of one tender and kind (the objection's, complaint's, signal's number), so that the
 * desk's order — {@link #ORDER} — is total and a page of alerts can end anywhere.
 */
public record Alert(Level level, String kind, Long tenderId, String tenderCode, Text message, Instant due,
                    String rule, String citation, Map<String, Object> evidence, String ref) {

    public enum Level { YELLOW, RED }

    public Alert(Level level, String kind, Long tenderId, String tenderCode, Text message, Instant due, String rule,
                 String citation, Map<String, Object> evidence) {
        this(level, kind, tenderId, tenderCode, message, due, rule, citation, evidence, "");
    }

    /** Red first; then the nearest limit first (none last); then by tender, kind and ref. */
    public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::key, Key.ORDER);

    public Key key() {
        return new Key(level == Level.RED ? 0 : 1, due == null ? Long.MAX_VALUE : due.toEpochMilli(),
                tenderId == null ? 0 : tenderId, kind, ref == null ? "" : ref);
    }

    /** An alert's place in {@link #ORDER}: what a page's cursor holds. */
    public record Key(int rank, long dueMillis, long tenderId, String kind, String ref) {
        public static final Comparator<Key> ORDER = Comparator.comparingInt(Key::rank).thenComparingLong(Key::dueMillis)
                .thenComparingLong(Key::tenderId).thenComparing(Key::kind).thenComparing(Key::ref);

        public Object[] values() {
            return new Object[]{rank, dueMillis, tenderId, kind, ref};
        }
    }

    /** A number as a ref that sorts as text in numeric order. */
    public static String ref(long n) {
        return String.format("%019d", n);
    }
}
