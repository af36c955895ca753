package cn.sunlight.bid.envelope;

/** Rebuilding an opening key from custodian shares failed (too few, inconsistent or wrong shares). */
public final class CustodyException extends Exception {
    public CustodyException(String message) {
        super(message);
    }

    public CustodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
