-- One public key belongs to one organisation (issue 12 item 5): the platform CA certifies a key only after a PKCS#10
-- request signed with it, and records here whose key it is. The primary key is the SHA-256 of the key's
-- SubjectPublicKeyInfo (named curve, uncompressed point), so a second organisation presenting the same key collides
-- with the first even under concurrent requests. Keys certified before this version are added at start-up
-- (cn.sunlight.account.service.KeyOwnerBackfill), the first organisation to have certified a key keeping it.
create table party_key (
    spki_sha256     char(64)    primary key,
    organisation_id bigint      not null references organisation(id),
    registered_at   timestamptz not null
);
create index party_key_organisation_idx on party_key(organisation_id);
