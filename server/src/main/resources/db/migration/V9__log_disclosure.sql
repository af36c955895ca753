-- Issue 12 item 1: who is bidding stays secret until the opening, in the public log too. Every audit event keeps
-- its leaf in the Merkle log at once (the tree, its proofs and checkpoints stay complete), but the clear content of
-- an event that could identify a (potential) bidder is served to the public only once the tender it concerns has
-- been opened (OPENING), or never for account events of bidders (SUPERVISORS); supervisors read it at once.
-- Columns are added, never updated: the table stays append-only.
alter table audit_event add column disclosure varchar(16) not null default 'PUBLIC'
    check (disclosure in ('PUBLIC', 'OPENING', 'SUPERVISORS'));
alter table audit_event add column disclose_tender bigint;
create index audit_event_disclose_tender_idx on audit_event(disclose_tender) where disclose_tender is not null;
