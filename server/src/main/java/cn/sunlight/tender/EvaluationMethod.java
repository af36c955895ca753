package cn.sunlight.tender;

public enum EvaluationMethod {
    /** 经评审的最低投标价法 / 最低评标价法 */
    LOWEST_EVALUATED_PRICE,
    /** 综合评估法 / 综合评分法 */
    COMPREHENSIVE_SCORING,
    /** 网上竞价: the lowest price at the close wins. */
    LOWEST_PRICE_AUCTION
}
