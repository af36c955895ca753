-- The RFC 9162 transparency log over the audit events (issue 4). Every table here is append-only,
-- enforced by the database: an UPDATE or DELETE by any role fails.

create table log_leaf (
    leaf_index    bigint      primary key,
    event_id      bigint      not null unique references audit_event(id),
    leaf_hash     bytea       not null check (length(leaf_hash) = 32),
    sequenced_at  timestamptz not null
);

create table log_checkpoint (
    tree_size     bigint      primary key,
    root_hash     bytea       not null check (length(root_hash) = 32),
    signed_note   text        not null,
    issued_at     timestamptz not null,
    reason        varchar(64) not null
);

create table log_cosignature (
    tree_size     bigint       not null references log_checkpoint(tree_size),
    witness       varchar(100) not null,
    signature     text         not null,
    cosigned_at   timestamptz  not null,
    primary key (tree_size, witness)
);

create trigger log_leaf_append_only before update or delete on log_leaf
    for each row execute function sunlight_forbid_change();
create trigger log_leaf_no_truncate before truncate on log_leaf
    for each statement execute function sunlight_forbid_change();
create trigger log_checkpoint_append_only before update or delete on log_checkpoint
    for each row execute function sunlight_forbid_change();
create trigger log_checkpoint_no_truncate before truncate on log_checkpoint
    for each statement execute function sunlight_forbid_change();
create trigger log_cosignature_append_only before update or delete on log_cosignature
    for each row execute function sunlight_forbid_change();
create trigger log_cosignature_no_truncate before truncate on log_cosignature
    for each statement execute function sunlight_forbid_change();

-- Privileges, the second lock: the application role may read and append, never rewrite. Deployments
-- connect as a login role that is a member of sunlight_app (the schema owner runs migrations only).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'sunlight_app') then
        create role sunlight_app nologin;
    end if;
end $$;
grant usage on schema public to sunlight_app;
grant select, insert, update, delete on all tables in schema public to sunlight_app;
grant usage, select on all sequences in schema public to sunlight_app;
revoke update, delete, truncate on audit_event, log_leaf, log_checkpoint, log_cosignature from sunlight_app;
