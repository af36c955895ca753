-- Issue 20: the indexes every list and search reads by, built CONCURRENTLY so that running this on a decade of data
-- does not block submission (Flyway runs a script of CREATE INDEX CONCURRENTLY outside a transaction: PostgreSQL
-- refuses it inside one; the script holds nothing else). IF NOT EXISTS makes a re-run after an interruption cheap;
-- an interrupted CONCURRENTLY build leaves an INVALID index, which `docs/bench/decade.md` says how to drop.

-- Public search: substring (trigram, 3+ characters), two-character words, and the filters, each with the keyset
-- order (newest first, by id) so that a filtered page stops after its rows.
create index concurrently if not exists tender_search_trgm_idx on tender using gin (search_text gin_trgm_ops);
create index concurrently if not exists tender_search_bigram_idx on tender using gin (search_bigrams);
create index concurrently if not exists tender_trade_type_id_idx on tender (trade_type, id);
create index concurrently if not exists tender_method_id_idx on tender (method, id);
create index concurrently if not exists tender_status_id_idx on tender (status, id);
create index concurrently if not exists tender_published_idx on tender (published_at, id);
create index concurrently if not exists tender_project_idx on tender (project_id, id);
-- The supervisors' desk: trades still under way (a small, moving set among a decade of finished ones).
create index concurrently if not exists tender_live_idx on tender (id)
    where status not in ('DRAFT', 'CONTRACTED', 'CANCELLED', 'FAILED');

-- Workspace (a unit's or agent's tenders), the region choice list (read by skip scan).
create index concurrently if not exists project_unit_idx on project (tendering_unit_id, id);
create index concurrently if not exists project_agent_idx on project (agent_id, id) where agent_id is not null;
create index concurrently if not exists project_region_idx on project (region);

-- A bidder's tenders (its registrations, newest first).
create index concurrently if not exists bidder_registration_org_idx on bidder_registration (organisation_id, id);

-- Per-tender reads of the tender page and the desk rows that had no index on tender_id.
create index concurrently if not exists tender_document_tender_idx on tender_document (tender_id);
create index concurrently if not exists objection_tender_idx on objection (tender_id);

-- Supervisors' complaints, newest first; notifications (an organisation's inbox) by id.
create index concurrently if not exists complaint_received_idx on complaint (received_at, id);
create index concurrently if not exists notification_org_id_idx on notification (organisation_id, id);

-- The supervisors' alerts read only what is open now (every alert source scans its open rows): partial indexes keep
-- that a read of the few open rows, not of a decade of closed ones.
create index concurrently if not exists objection_open_idx on objection (id) where answered_at is null;
create index concurrently if not exists complaint_open_idx on complaint (received_at) where decided_at is null;
create index concurrently if not exists publicity_pending_idx on publicity (tender_id) where published_at is null;
create index concurrently if not exists award_uncontracted_idx on award (id) where contracted_at is null;
create index concurrently if not exists bond_refund_due_idx on bond_refund (id) where refunded_at is null;
