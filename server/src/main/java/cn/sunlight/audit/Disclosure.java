package cn.sunlight.audit;

/**
 * When the clear content of an audit event becomes public. Its leaf hash is public at once in every case, so the
 * log stays complete and verifiable; only the words are held back. Before the opening the names and number of
 * (potential) bidders are confidential (招标投标法 第二十二条; 政府采购法实施条例 第四十条), so whatever a bidder does
 * — log in, have a key certified, register, download, object, bid, quote — and whatever names a bidder account is
 * not readable by the public, the tendering side or other bidders until it may be known.
 */
public enum Disclosure {
    /** Public as soon as it is sequenced. */
    PUBLIC,
    /** Public once the tender it concerns has been opened (or its online bidding closed); supervisors at once. */
    OPENING,
    /** Account-level facts about a bidder (logins, keys, accounts): supervisors only, never the public. */
    SUPERVISORS
}
