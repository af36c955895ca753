package cn.sunlight.account;

public enum OrganisationKind {
    TRADING_CENTRE, TENDERING_UNIT, AGENT, BIDDER, EXPERT_EMPLOYER, SUPERVISION_AUTHORITY
}
