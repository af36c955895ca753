-- Issue 18: sandbox tenders run on their own accelerated clock (training and integration), with the same rules.
-- sandbox time = sandbox_anchor + sandbox_factor × (real now − sandbox_anchor_real); all three null for a real tender.
-- A change of speed re-anchors (time stays continuous, nothing is skipped). A reset hides a sandbox tender
-- (sandbox_reset_at); its rows and its audit events stay (the audit log is append-only).
alter table tender add column sandbox_factor      bigint;
alter table tender add column sandbox_anchor      timestamptz;
alter table tender add column sandbox_anchor_real timestamptz;
alter table tender add column sandbox_reset_at    timestamptz;
alter table tender add constraint tender_sandbox_clock check (
    (sandbox_factor is null and sandbox_anchor is null and sandbox_anchor_real is null and sandbox_reset_at is null)
    or (sandbox_factor >= 1 and sandbox_anchor is not null and sandbox_anchor_real is not null));
create index tender_sandbox_idx on tender(id) where sandbox_factor is not null;
