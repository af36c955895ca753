-- The online bid opening (不见面开标, issue 3): one session per tender, bidders' sign-in, the opened
-- bids (what was read out, or why a bid failed and its legal consequence), confirmations and
-- objections, and custodians' share releases (the shares themselves are never stored).

create table opening_session (
    tender_id             bigint primary key references tender(id),
    stage                 varchar(16) not null,
    created_at            timestamptz not null,
    started_at            timestamptz,
    decryption_ends_at    timestamptz,
    read_at               timestamptz,
    confirmation_ends_at  timestamptz,
    closed_at             timestamptz,
    record_sha256         varchar(64),
    version               bigint not null default 0
);

create table opening_sign_in (
    tender_id        bigint not null references tender(id),
    organisation_id  bigint not null references organisation(id),
    user_id          bigint not null references user_account(id),
    signed_in_at     timestamptz not null,
    primary key (tender_id, organisation_id)
);

create table opened_bid (
    bid_id            bigint primary key references sealed_bid(id),
    tender_id         bigint not null references tender(id),
    status            varchar(16) not null,
    path              varchar(16),
    opening_form      text,
    price             numeric(18,2),
    plaintext_sha256  varchar(64),
    -- SHA-256 of every document in the decrypted ZIP (JSON {name: hash}), for collusion checks.
    document_hashes   text,
    failure_reason    text,
    consequence       varchar(16),
    decided_at        timestamptz not null
);
create index opened_bid_tender_idx on opened_bid(tender_id);

create table opening_confirmation (
    bid_id        bigint primary key references sealed_bid(id),
    tender_id     bigint not null references tender(id),
    kind          varchar(16) not null,
    text          text,
    at            timestamptz not null,
    answer        text,
    answered_at   timestamptz,
    answered_by   bigint references user_account(id)
);

create table share_release (
    tender_id     bigint not null references tender(id),
    share_index   int not null,
    custodian_id  bigint not null references user_account(id),
    released_at   timestamptz not null,
    primary key (tender_id, share_index)
);

grant select, insert, update on opening_session, opening_sign_in, opened_bid, opening_confirmation, share_release to sunlight_app;
