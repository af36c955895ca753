-- Open data (issue 15): OCDS 1.1 releases of every public change of a tender, written in the transaction of the
-- change, and the outbox of the data exchange with the public service platform (电子招标投标办法 Art. 6, 56).

-- One immutable release. `position` is the place in the public changes feed: null when written, given once by the
-- feed sequencer after the writing transaction finished (xact below the snapshot's horizon, as the audit log does),
-- in id order under an advisory lock — so a release that commits late is never skipped by a reader and no
-- position ever changes or repeats.
create table ocds_release (
    id           bigint primary key,
    release_id   text not null unique,
    ocid         text not null,
    tender_id    bigint not null references tender(id),
    released_at  timestamptz not null,
    tags         text not null,
    action       text not null,
    body         text not null,
    body_sha256  char(64) not null,
    position     bigint unique,
    xact         xid8 not null default pg_current_xact_id()
);
create sequence ocds_release_seq;
create index ocds_release_ocid_idx on ocds_release(ocid, id);
create index ocds_release_unsequenced_idx on ocds_release(id) where position is null;
create index ocds_release_day_idx on ocds_release(released_at);

-- A release never changes: only its feed position may be set, once.
create function ocds_release_immutable() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.position is null and new.position is not null
       and (new.id, new.release_id, new.ocid, new.tender_id, new.released_at, new.tags, new.action, new.body, new.body_sha256, new.xact)
           is not distinct from
           (old.id, old.release_id, old.ocid, old.tender_id, old.released_at, old.tags, old.action, old.body, old.body_sha256, old.xact) then
        return new;
    end if;
    raise exception 'ocds_release is immutable: % refused', tg_op using errcode = 'raise_exception';
end $$;
create trigger ocds_release_immutable before update or delete on ocds_release
    for each row execute function ocds_release_immutable();

-- The data exchange outbox: one item per release, in the same transaction. The sender delivers in feed order, one
-- at a time (a failing head item holds the rest back, so the receiver sees every change in order), with the release
-- id as idempotency key; `receipt` is what the receiver answered.
create table ocds_outbox (
    release_pk       bigint primary key references ocds_release(id),
    data_set         text not null,
    created_at       timestamptz not null,
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null,
    last_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    receipt          text,
    receipt_status   int
);
create index ocds_outbox_pending_idx on ocds_outbox(created_at) where delivered_at is null;

-- Who may send: a lease in PostgreSQL, so that of two instances only one pushes at a time (and a crashed holder's
-- lease runs out).
create table ocds_sender_lease (
    name        text primary key,
    holder      text not null,
    expires_at  timestamptz not null
);
insert into ocds_sender_lease (name, holder, expires_at) values ('outbox', '-', 'epoch');
