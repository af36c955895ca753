package cn.sunlight.auction;

/** What a bidder sees of the others during the auction: never who they are, only its own rank (and perhaps the best price). */
public enum Visibility {
    RANK_ONLY,
    RANK_AND_BEST_PRICE
}
