-- Issue 20 (ten years of data): public tender search that stays indexed at millions of tenders, and what the keyset
-- pagination of every growing list reads by. The indexes themselves are built in V18 without blocking writers.
--
-- Search text: title, code, project name, region and the tendering unit's name in one lower-cased column, kept by
-- a trigger (a generated column cannot read the project and unit). pg_trgm indexes it for terms of three or more
-- characters (it hashes CJK trigrams in a UTF-8 database); Chinese words are often two characters ("道路", "监理"),
-- which no trigram index can serve, so the distinct two-character substrings are kept too, in an array with a GIN
-- index. A single character is refused by the search (it would match most of the province).
create extension if not exists pg_trgm;

alter table tender add column search_text text;
alter table tender add column search_bigrams text[];

-- The distinct two-character substrings without white space: what a two-character term is looked up by.
create function sunlight_bigrams(s text) returns text[] language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct b), '{}')
    from (select substr(s, i, 2) as b from generate_series(1, greatest(length(s) - 1, 0)) as i) x
    where b !~ '\s'
$$;

create function tender_search_fill() returns trigger language plpgsql as $$
declare
    extra text;
begin
    select coalesce(p.name, '') || ' ' || coalesce(p.region, '') || ' ' || coalesce(o.name, '')
      into extra
      from project p join organisation o on o.id = p.tendering_unit_id
     where p.id = new.project_id;
    new.search_text := lower(new.title || ' ' || new.code || ' ' || coalesce(extra, ''));
    new.search_bigrams := sunlight_bigrams(new.search_text);
    return new;
end $$;

create trigger tender_search before insert or update of title, code, project_id on tender
    for each row execute function tender_search_fill();

-- Existing tenders: the trigger fires on this update (title set to itself). Row locks only (FOR NO KEY UPDATE):
-- bids, registrations and every other insert that references a tender take KEY SHARE and are not blocked.
update tender set title = title;
