-- Issue 20: the supervisors' time-limit alerts read only the open obligations whose limit is near or past (what the
-- desk shows), by the limit itself, instead of every open one. Built CONCURRENTLY like V18 (this script holds nothing
-- else, so Flyway runs it outside a transaction and common/MigrationLocks keeps its lock out of one): on a decade of
-- data it blocks no submission.
create index concurrently if not exists objection_answer_due_idx on objection (answer_due_at) where answered_at is null;
create index concurrently if not exists complaint_accept_due_idx on complaint (accept_due_at)
    where accepted_at is null and decided_at is null;
create index concurrently if not exists complaint_decide_due_idx on complaint (decide_due_at)
    where accepted_at is not null and decided_at is null;
create index concurrently if not exists award_contract_due_idx on award (contract_due_at) where contracted_at is null;
create index concurrently if not exists publicity_publish_due_idx on publicity (publish_due_at) where published_at is null;
create index concurrently if not exists bond_refund_due_idx on bond_refund (due_at) where refunded_at is null;

-- Lists paged newest first by id whose filter matches few rows of a large table: the sandbox's own tenders (a few
-- among a decade of real ones), an organisation's entrustments as unit or agent.
create index concurrently if not exists tender_sandbox_live_idx on tender (id)
    where sandbox_factor is not null and sandbox_reset_at is null;
create index concurrently if not exists entrustment_unit_idx on entrustment (tendering_unit_id, id);
create index concurrently if not exists entrustment_agent_idx on entrustment (agent_id, id);
