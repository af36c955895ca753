-- A plausible decade of one province's public-resource trades (issue 20), written straight into the schema the
-- migrations built, with the platform's invariants: every tender has a project, unit, lot and creator; bids belong to
-- registered bidders of closed tenders; awards name one of the tender's bids; statuses follow the tender's age; audit
-- events are in time order and their entries are canonical JSON as cn.sunlight.audit.service.AuditTrail writes them.
-- The Merkle log over them (log_leaf, log_checkpoint, log_cosignature) is computed afterwards in Java with the
-- platform's own hash rules and keys (cn.sunlight.demo.DecadeLog). Assumptions are stated in docs/bench/decade.md.
--
-- Placeholders (whole numbers or an ISO instant, substituted by cn.sunlight.demo.DecadeGenerator):
--   ${tenders} ${units} ${agents} ${bidders} ${start} ${end} ${userHash}
-- Everything pseudo-random is a hash of the row number (hashint8), so a run is reproducible.

-- step functions
create or replace function pg_temp.h(i bigint, salt int) returns int language sql immutable as
    $$ select abs(hashint8(i * 1000003 + salt) % 1000000) $$;
create or replace function pg_temp.pick(a text[], i bigint, salt int) returns text language sql immutable as
    $$ select a[1 + pg_temp.h(i, salt) % array_length(a, 1)] $$;
create or replace function pg_temp.iso(t timestamptz) returns text language sql immutable as
    $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
create or replace function pg_temp.hex64(i bigint, salt int) returns text language sql immutable as
    $$ select md5(i::text || '/' || salt) || md5(salt::text || '/' || i) $$;

-- step organisations and accounts
-- Units 1..U (unit 1 is the province's big city-construction investor: 2% of all tenders), agents, bidders (bidder
-- organisation U+A+1 takes part in 1% of all tenders), one supervision authority; one account per organisation
-- (user id = organisation id) and the bench's named accounts.
create temp table city(n int primary key, name text);
insert into city values (0, '南昌市'), (1, '九江市'), (2, '景德镇市'), (3, '萍乡市'), (4, '新余市'), (5, '鹰潭市'),
    (6, '赣州市'), (7, '宜春市'), (8, '上饶市'), (9, '吉安市'), (10, '抚州市'), (11, '省本级');

insert into organisation (id, credit_code, name, kind, region, created_at)
select u, 'U' || lpad(u::text, 17, '0'),
       (select name from city where n = u % 12) || pg_temp.pick(array['交通运输局', '教育局', '卫生健康委员会', '住房和城乡建设局',
           '水利局', '城市建设投资集团有限公司', '人民医院', '公安局', '农业农村局', '城市管理局', '第一中学', '文化广电旅游局'], u, 1)
           || case when u > 12 then '（' || u || '）' else '' end,
       'TENDERING_UNIT', (select name from city where n = u % 12), timestamptz '${start}'
from generate_series(1, ${units}) u;

insert into organisation (id, credit_code, name, kind, region, created_at)
select ${units} + a, 'A' || lpad(a::text, 17, '0'),
       pg_temp.pick(array['赣江', '鄱阳', '庐山', '井冈', '滕王', '洪都', '豫章', '瑞金'], a, 2)
           || pg_temp.pick(array['招标代理', '工程咨询', '项目管理', '采购代理'], a, 3) || '有限公司（' || a || '）',
       'AGENT', (select name from city where n = a % 12), timestamptz '${start}'
from generate_series(1, ${agents}) a;

insert into organisation (id, credit_code, name, kind, region, created_at)
select ${units} + ${agents} + b, 'B' || lpad(b::text, 17, '0'),
       pg_temp.pick(array['华信', '东湖', '北辰', '南方', '赣南', '昌盛', '中恒', '远航', '金桥', '瑞丰', '宏达', '天成'], b, 4)
           || pg_temp.pick(array['建筑工程', '路桥建设', '科技设备', '信息技术', '机电工程', '物业服务', '医疗器械', '环境工程'], b, 5)
           || pg_temp.pick(array['有限公司', '股份有限公司', '集团有限公司'], b, 6) || '（' || b || '）',
       'BIDDER', (select name from city where n = b % 12), timestamptz '${start}'
from generate_series(1, ${bidders}) b;

insert into organisation (id, credit_code, name, kind, region, created_at)
values (${units} + ${agents} + ${bidders} + 1, 'S00000000000000001', '江西省发展和改革委员会（公共资源交易监督）',
        'SUPERVISION_AUTHORITY', '省本级', timestamptz '${start}');

insert into user_account (id, username, password_hash, role, organisation_id, display_name, locale, enabled, created_at)
select o.id, 'decade-' || o.id, '${userHash}',
       case o.kind when 'TENDERING_UNIT' then 'TENDERER' when 'AGENT' then 'AGENT' when 'BIDDER' then 'BIDDER' else 'SUPERVISOR' end,
       o.id, o.name, 'zh-CN', true, timestamptz '${start}'
from organisation o;

-- The benchmark's named accounts: the big unit, the busy bidder, the supervisor.
update user_account set username = 'bench-unit' where id = 1;
update user_account set username = 'bench-bidder' where id = ${units} + ${agents} + 1;
update user_account set username = 'bench-supervisor' where id = ${units} + ${agents} + ${bidders} + 1;

-- step tenders
-- Tender i is created at start + (i − 1)/N of the decade (a flat rate: a province's volume grows a few per cent a
-- year, which does not change what an index reads). Its age at the end decides its status: drafts under a day,
-- bidding for 20 days, then evaluation, publicity and award; after 60 days 88% contracted, 6% failed, 6% cancelled.
create temp table t0 as
select i,
       timestamptz '${start}' + (extract(epoch from timestamptz '${end}' - timestamptz '${start}') * (i - 1) / ${tenders}) * interval '1 second' as created,
       case when pg_temp.h(i, 10) % 50 = 0 then 1 else 1 + pg_temp.h(i, 11) % ${units} end as unit,
       pg_temp.h(i, 12) % 100 as tt,
       pg_temp.h(i, 13) % 100 as m
from generate_series(1, ${tenders}) i;

create temp table t1 as
select i, created, unit, unit % 12 as city,
       case when tt < 40 then 'ENGINEERING' when tt < 65 then 'GOODS' else 'PROCUREMENT' end as trade_type,
       case when tt < 40 then case when m < 90 then 'OPEN' else 'INVITED' end
            when tt < 65 then case when m < 70 then 'OPEN' when m < 80 then 'INVITED' else 'ONLINE_BIDDING' end
            else case when m < 50 then 'OPEN' when m < 65 then 'COMPETITIVE_CONSULTATION' when m < 75 then 'COMPETITIVE_NEGOTIATION'
                      when m < 90 then 'INQUIRY' when m < 95 then 'SINGLE_SOURCE' else 'INVITED' end end as method,
       extract(epoch from timestamptz '${end}' - created) / 86400 as age
from t0;

create temp table t2 as
select t1.*,
       case when age < 1 then 'DRAFT' when age < 21 then 'BIDDING' when age < 28 then 'EVALUATION'
            when age < 35 then 'PUBLICITY' when age < 60 then 'AWARDED'
            when pg_temp.h(i, 14) % 100 < 88 then 'CONTRACTED' when pg_temp.h(i, 14) % 100 < 94 then 'FAILED'
            else 'CANCELLED' end as status,
       case trade_type
           when 'ENGINEERING' then pg_temp.pick(array['人民路', '解放路', '中山路', '建设路', '滨江路', '胜利路', '新华路', '文化路', '和平路', '长江路', '八一大道', '红谷滩'], i, 15)
               || pg_temp.pick(array['道路改造工程', '桥梁维修加固工程', '污水管网建设工程', '学校教学楼新建工程', '老旧小区改造工程',
                   '河道综合治理工程', '医院门诊楼装修工程', '农田水利灌溉工程', '公园景观提升工程', '体育馆建设工程', '道路照明工程', '停车场建设工程'], i, 16)
           when 'GOODS' then pg_temp.pick(array['办公设备', '医疗器械', '教学仪器设备', '消防车辆', '服务器及存储设备', '路灯及配套设施',
                   '图书', '实验室设备', '空调设备', '安防监控设备'], i, 17) || '采购'
           else pg_temp.pick(array['物业管理', '工程监理', '造价咨询', '保洁', '信息化运维', '食堂食材配送', '法律顾问', '审计',
                   '道路养护', '绿化养护'], i, 18) || '服务' end as object,
       (10000 + pg_temp.h(i, 19) * 50)::numeric(18, 2) as budget
from t1;

create temp table t3 as
select t2.*, 'SL-' || extract(year from created at time zone 'Asia/Shanghai') || '-'
              || case trade_type when 'ENGINEERING' then 'GC' when 'GOODS' then 'HW' else 'ZC' end || '-' || lpad(i::text, 7, '0') as code,
       (select name from city where n = city) || object
           || case when pg_temp.h(i, 22) % 3 = 0 then '（第' || (1 + pg_temp.h(i, 23) % 4) || '标段）' else '' end as title
from t2;
drop table t2;
alter table t3 rename to t2;
create unique index on t2 (i);
analyze t2;

insert into project (id, code, name, region, tendering_unit_id, agent_id, created_at)
select i, 'PRJ-' || lpad(i::text, 9, '0'), (select name from city where n = city) || object || '项目',
       (select name from city where n = city), unit,
       case when pg_temp.h(i, 20) % 100 < 60 then ${units} + 1 + pg_temp.h(i, 21) % ${agents} end, created
from t2;

-- The search trigger (V17) fills search_text and search_bigrams as for any insert.
insert into tender (id, code, title, project_id, trade_type, method, status, budget, ceiling_price, bid_bond,
                    evaluation_method, crypto_suite, qualifications, documents_issued_at, documents_sale_ends_at,
                    clarification_cutoff, bid_deadline, opening_place, published_at, created_by, created_at, version)
select i, code, title, i, trade_type, method, status, budget, budget, round(budget * 0.02, 2),
       case when method = 'ONLINE_BIDDING' then 'LOWEST_PRICE_AUCTION'
            when pg_temp.h(i, 24) % 2 = 0 then 'LOWEST_EVALUATED_PRICE' else 'COMPREHENSIVE_SCORING' end,
       case when pg_temp.h(i, 25) % 5 = 0 then 'NATIONAL' else 'INTERNATIONAL' end,
       '具备相应资质', 
       case when status <> 'DRAFT' then created + interval '1 day' end,
       case when status <> 'DRAFT' then created + interval '6 days' end,
       case when status <> 'DRAFT' then created + interval '16 days' end,
       created + interval '21 days',
       '省公共资源交易中心开标室' || (1 + pg_temp.h(i, 26) % 8),
       case when status <> 'DRAFT' then created + interval '1 day' end,
       unit, created, 0
from t2;

insert into lot (id, tender_id, number, name, budget)
select i, i, 1, '第1标段', budget from t2;

-- step documents clarifications objections complaints
insert into tender_document (id, tender_id, file_name, media_type, sha256, size_bytes, uploaded_by, uploaded_at)
select (i - 1) * 2 + d, i, case d when 1 then '招标文件.pdf' else '工程量清单.xlsx' end,
       case d when 1 then 'application/pdf' else 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' end,
       pg_temp.hex64(i, 30 + d), 200000 + pg_temp.h(i, 32 + d) * 5, unit, created + interval '1 hour'
from t2, generate_series(1, 2) d
where status <> 'DRAFT';

insert into clarification (id, tender_id, number, kind, text, affects_preparation, previous_deadline, new_deadline,
                           published_by, published_at)
select i, i, 1, 'CLARIFICATION', '关于招标文件第三章评标办法的澄清。', false, created + interval '21 days',
       created + interval '21 days', unit, created + interval '8 days'
from t2 where status not in ('DRAFT') and age > 8 and pg_temp.h(i, 40) % 10 = 0;

insert into objection (id, tender_id, organisation_id, raised_by, subject, text, raised_at, answer_due_at, answer,
                       answered_by, answered_at)
select i, i, ${units} + ${agents} + 2 + pg_temp.h(i, 41) % (${bidders} - 1), ${units} + ${agents} + 2 + pg_temp.h(i, 41) % (${bidders} - 1),
       '对资格条件的异议', '资格条件设置排斥潜在投标人。', created + interval '5 days', created + interval '8 days',
       case when age > 9 then '经复核，资格条件符合规定。' end, case when age > 9 then unit end,
       case when age > 9 then created + interval '7 days' end
from t2 where status not in ('DRAFT') and age > 5 and pg_temp.h(i, 42) % 50 = 0;

insert into complaint (id, tender_id, organisation_id, raised_by, subject, text, received_at, accept_due_at,
                       accepted_at, accepted_by, decide_due_at, decision, decided_at, decided_by)
select i, i, ${units} + ${agents} + 2 + pg_temp.h(i, 43) % (${bidders} - 1), ${units} + ${agents} + 2 + pg_temp.h(i, 43) % (${bidders} - 1),
       '对中标候选人的投诉', '中标候选人业绩造假。', created + interval '29 days', created + interval '34 days',
       case when age > 31 then created + interval '31 days' end, case when age > 31 then ${units} + ${agents} + ${bidders} + 1 end,
       case when age > 31 then created + interval '61 days' end,
       case when age > 55 then '投诉缺乏事实依据，驳回。' end, case when age > 55 then created + interval '55 days' end,
       case when age > 55 then ${units} + ${agents} + ${bidders} + 1 end
from t2 where status in ('PUBLICITY', 'AWARDED', 'CONTRACTED') and age > 29 and pg_temp.h(i, 44) % 200 = 0;

-- step registrations and bids
-- Five registered bidders a tender once bidding started (bidder 1 of the busy one in 1% of tenders), each with one
-- sealed bid (metadata; the ciphertext is not stored here) once the deadline passed, except cancelled tenders.
create temp table reg as
select i, k, (i - 1) * 5 + k + 1 as id,
       case when k = 0 and pg_temp.h(i, 50) % 100 = 0 then ${units} + ${agents} + 1
            else ${units} + ${agents} + 2 + (pg_temp.h(i, 51) + k * ((${bidders} - 1) / 5)) % (${bidders} - 1) end as org,
       created + (2 + k) * interval '1 day' as registered, created, status, budget
from t2, generate_series(0, 4) k
where status <> 'DRAFT' and created + (2 + k) * interval '1 day' <= timestamptz '${end}';
create unique index on reg (i, k);
analyze reg;

insert into bidder_registration (id, tender_id, organisation_id, user_id, registered_at)
select id, i, org, org, registered from reg;

insert into sealed_bid (id, tender_id, lot_id, organisation_id, user_id, version, kind, envelope_sha256, size_bytes,
                        received_at, signer_serial)
select id, i, i, org, org, 1, 'SUBMISSION', pg_temp.hex64(id, 60), 500000 + pg_temp.h(id, 61) * 3,
       created + interval '20 days' + k * interval '1 hour', lpad(to_hex(org), 16, '0')
from reg where status not in ('BIDDING', 'CANCELLED');

-- step awards and contracts
insert into publicity (tender_id, report_at, publish_due_at, published_at, ends_at)
select i, created + interval '27 days', created + interval '29 days', created + interval '28 days', created + interval '31 days'
from t2 where status in ('PUBLICITY', 'AWARDED', 'CONTRACTED');

insert into award (id, tender_id, lot_number, bid_id, organisation_id, price, awarded_at, notice_sha256, contract_due_at,
                   contract_amount, performance_bond, contracted_at)
select r.i, r.i, 1, r.id, r.org, round(r.budget * 0.92, 2), r.created + interval '35 days', pg_temp.hex64(r.i, 70),
       r.created + interval '65 days',
       case when r.status = 'CONTRACTED' then round(r.budget * 0.92, 2) end,
       case when r.status = 'CONTRACTED' then round(r.budget * 0.092, 2) end,
       case when r.status = 'CONTRACTED' then r.created + interval '50 days' end
from reg r where r.k = 0 and r.status in ('AWARDED', 'CONTRACTED');

insert into award_announcement (tender_id, sha256, published_at)
select i, pg_temp.hex64(i, 71), created + interval '35 days' from t2 where status in ('AWARDED', 'CONTRACTED');

-- step audit events
-- Twenty events a contracted tender (fewer the earlier its stage), inserted in time order: created, two uploads,
-- published (state), bidding started, five registrations and five bids (bidders' events: withheld until the opening,
-- salted entries), opening, evaluation report, publicity, award, contract. Tender events carry the tender's state
-- (canonical JSON) and its SHA-256, as AuditTrail.record does, for the supervisors' time travel.
create temp table ev as
select t.i, k,
       t.created + case
           when k = 0 then interval '0'
           when k in (1, 2) then k * interval '10 minutes'
           when k = 3 then interval '1 day'
           when k = 4 then interval '1 day 1 minute'
           when k between 5 and 9 then (k - 3) * interval '1 day'
           when k between 10 and 14 then interval '20 days' + (k - 10) * interval '1 hour'
           when k = 15 then interval '21 days'
           when k = 16 then interval '24 days'
           when k = 17 then interval '28 days'
           when k = 18 then interval '35 days'
           else interval '50 days' end as at
from t2 t, generate_series(0, 19) k
where k < case t.status when 'DRAFT' then 3 when 'BIDDING' then 5 + least(5, greatest(0, floor(t.age - 1)::int))
                        when 'CANCELLED' then 11 when 'FAILED' then 17 when 'EVALUATION' then 17 when 'PUBLICITY' then 18
                        when 'AWARDED' then 19 else 20 end
  and t.created + case when k between 5 and 9 then (k - 3) * interval '1 day' else interval '0' end <= timestamptz '${end}';

create index on ev (at);
analyze ev;

-- step audit events (monthly)
-- One month at a time (${from} to ${to}), so that each sort of wide rows fits in memory; ids follow time.

insert into audit_event (occurred_at, actor, actor_role, organisation, client_address, action, object_type, object_id,
                         state_hash, state, commitment_salt, entry, disclosure, disclose_tender)
select x.at, x.actor, x.role, x.org, null, x.action, 'tender', x.i::text, x.state_hash, x.state, null,
       '{"action":"' || x.action || '","actor":"' || x.actor || '","addr":null,"at":"' || pg_temp.iso(x.at)
           || '","object":"' || x.i || '","org":"' || x.org || '","role":"' || x.role || '",'
           || case when x.withheld then '"salt":"' || md5(x.i || '/' || x.k) || '",' else '' end
           || '"state":' || coalesce('"' || x.state_hash || '"', 'null') || ',"type":"tender","v":'
           || case when x.withheld then '2' else '1' end || '}',
       case when x.withheld then 'OPENING' else 'PUBLIC' end, case when x.withheld then x.i end
from (
    select e.i, e.k, date_trunc('second', e.at) as at,
           a.action, a.role, a.withheld,
           case when a.role = 'BIDDER' then 'decade-' || r.org when a.role = 'SUPERVISOR' then 'decade-supervisor'
                when a.role = 'OPERATOR' then 'decade-operator' else 'decade-' || t.unit end as actor,
           case when a.role = 'BIDDER' then 'B' || lpad((r.org - ${units} - ${agents})::text, 17, '0')
                else 'U' || lpad(t.unit::text, 17, '0') end as org,
           s.state, encode(sha256(convert_to(s.state, 'UTF8')), 'hex') as state_hash
    from ev e
    join t2 t on t.i = e.i
    cross join lateral (select
        case when t.status = 'CANCELLED' and e.k = 10 then 'tender.cancelled'
             when t.status = 'FAILED' and e.k = 16 then 'tender.failed'
             else (array['tender.created', 'document.uploaded', 'document.uploaded', 'tender.published', 'tender.bidding-started',
                         'tender.registered', 'tender.registered', 'tender.registered', 'tender.registered', 'tender.registered',
                         'bid.submitted', 'bid.submitted', 'bid.submitted', 'bid.submitted', 'bid.submitted',
                         'opening.started', 'evaluation.reported', 'publicity.published', 'award.awarded', 'award.contracted'])[e.k + 1] end
            as action,
        case when e.k between 5 and 14 and not (t.status = 'CANCELLED' and e.k = 10) then 'BIDDER'
             when e.k in (15) then 'OPERATOR' else 'TENDERER' end as role,
        e.k between 5 and 14 and not (t.status = 'CANCELLED' and e.k = 10) as withheld) a
    left join reg r on r.i = e.i and r.k = (e.k - 5) % 5 and e.k between 5 and 14
    cross join lateral (select case when e.k in (0, 3, 4, 10, 15, 16, 17, 18, 19) then
        '{"bidDeadline":"' || pg_temp.iso(t.created + interval '21 days') || '","budget":' || t.budget
            || ',"code":"' || t.code || '","method":"' || t.method || '","status":"'
            || (array['DRAFT', '', '', 'PUBLISHED', 'BIDDING', '', '', '', '', '', case when t.status = 'CANCELLED' then 'CANCELLED' else '' end, '', '', '', '',
                      'OPENING', case when t.status = 'FAILED' then 'FAILED' else 'EVALUATION' end, 'PUBLICITY', 'AWARDED', 'CONTRACTED'])[e.k + 1]
            || '","title":"' || t.title || '","tradeType":"' || t.trade_type || '"}' end as state) s
    where e.at >= timestamptz '${from}' and e.at < timestamptz '${to}'
    order by e.at, e.i, e.k
) x;

-- step sequences
select setval(pg_get_serial_sequence('organisation', 'id'), (select max(id) from organisation));
select setval(pg_get_serial_sequence('user_account', 'id'), (select max(id) from user_account));
select setval(pg_get_serial_sequence('project', 'id'), (select max(id) from project));
select setval(pg_get_serial_sequence('tender', 'id'), (select max(id) from tender));
select setval(pg_get_serial_sequence('lot', 'id'), (select max(id) from lot));
select setval(pg_get_serial_sequence('tender_document', 'id'), (select coalesce(max(id), 1) from tender_document));
select setval(pg_get_serial_sequence('clarification', 'id'), (select coalesce(max(id), 1) from clarification));
select setval(pg_get_serial_sequence('objection', 'id'), (select coalesce(max(id), 1) from objection));
select setval(pg_get_serial_sequence('complaint', 'id'), (select coalesce(max(id), 1) from complaint));
select setval(pg_get_serial_sequence('bidder_registration', 'id'), (select coalesce(max(id), 1) from bidder_registration));
select setval(pg_get_serial_sequence('sealed_bid', 'id'), (select coalesce(max(id), 1) from sealed_bid));
select setval(pg_get_serial_sequence('award', 'id'), (select coalesce(max(id), 1) from award));
select setval('tender_code_seq', ${tenders} + 1);
select setval('project_code_seq', ${tenders} + 1);
