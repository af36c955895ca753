-- Issue 12 item 3: login failures counted and locked in the database, so every instance honours a lock
-- (GB/T 22239-2019 8.1.4.1 a: 应具有登录失败处理功能，应配置并启用限制非法登录次数等相关措施).
-- One row per account name ('account:<name>', as typed, lower case) and per client address ('address:<ip>').
create table login_throttle (
    key               varchar(100) primary key,
    failures          integer      not null,
    window_started_at timestamptz  not null,
    locked_until      timestamptz,
    locks             integer      not null default 0
);
create index login_throttle_locked_idx on login_throttle(locked_until) where locked_until is not null;
