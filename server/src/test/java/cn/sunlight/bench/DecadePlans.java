package cn.sunlight.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL's plans of the decade benchmark's reads: the main query of each read, written as the services issue it
 * (cn.sunlight.tender.service.TenderSearch, the keyset pages, the alert sources, the time travel and log reads), run
 * with EXPLAIN (ANALYZE, BUFFERS) on the benchmark's database after the timed requests, one file per read.
 */
final class DecadePlans {

    private static final String PUBLIC = "t.status <> 'DRAFT' and t.sandbox_factor is null and t.sandbox_reset_at is null";
    private static final String PAGE = "select t.id from tender t join project p on p.id = t.project_id where ";

    private DecadePlans() {
    }

    static void write(Connection c, DecadeBench.Facts f, Path dir) throws Exception {
        long mid = f.tenders() / 2;
        long bidder = DecadeBench.Facts.one(c, "select organisation_id from user_account where username = 'bench-bidder'");
        long unit = DecadeBench.Facts.one(c, "select organisation_id from user_account where username = 'bench-unit'");
        String code = f.codes().getFirst().toLowerCase();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("home", PAGE + PUBLIC + " order by t.id desc limit 21");
        q.put("home-count", "select count(*) from (select 1 from tender t join project p on p.id = t.project_id where " + PUBLIC
                + " limit 1001) x");
        q.put("home-regions", """
                with recursive r(region) as (
                    (select region from project where region > '' order by region limit 1)
                    union all
                    select (select p.region from project p where p.region > r.region order by p.region limit 1)
                    from r where r.region is not null)
                select region from r where region is not null""");
        q.put("home-deep", PAGE + PUBLIC + " and t.id < " + mid + " order by t.id desc limit 21");
        q.put("search-2", PAGE + PUBLIC + " and t.search_text like '%道路%' and t.search_bigrams @> '{道路}' order by t.id desc limit 21");
        q.put("search-2-count", "select count(*) from (select 1 from tender t join project p on p.id = t.project_id where " + PUBLIC
                + " and t.search_text like '%道路%' and t.search_bigrams @> '{道路}' limit 1001) x");
        q.put("search-3", PAGE + PUBLIC + " and t.search_text like '%污水管网%' order by t.id desc limit 21");
        q.put("search-code", PAGE + PUBLIC + " and t.search_text like '%" + code + "%' order by t.id desc limit 21");
        q.put("search-code-count", "select count(*) from (select 1 from tender t join project p on p.id = t.project_id where " + PUBLIC
                + " and t.search_text like '%" + code + "%' limit 1001) x");
        q.put("search-filters", PAGE + PUBLIC + " and t.trade_type = 'GOODS' and t.status = 'FAILED' and p.region = '赣州市'"
                + " order by t.id desc limit 21");
        q.put("search-filters-count", "select count(*) from (select 1 from tender t join project p on p.id = t.project_id where "
                + PUBLIC + " and t.trade_type = 'GOODS' and t.status = 'FAILED' and p.region = '赣州市' limit 1001) x");
        q.put("tender-page", "select t.*, p.*, (select count(*) from lot where tender_id = t.id),"
                + " (select count(*) from clarification where tender_id = t.id), (select count(*) from tender_document where tender_id = t.id),"
                + " (select count(*) from award where tender_id = t.id), (select count(*) from publicity where tender_id = t.id)"
                + " from tender t join project p on p.id = t.project_id where t.id = " + mid);
        q.put("bidder", "select * from bidder_registration where organisation_id = " + bidder + " order by id desc limit 21");
        q.put("bidder-deep", "select * from bidder_registration where organisation_id = " + bidder + " and id < "
                + f.bidderRegistrations().getFirst() + " order by id desc limit 21");
        q.put("bidder-open", PAGE.replace("where ", "where t.status in ('PUBLISHED', 'BIDDING') and t.sandbox_factor is null"
                + " and t.sandbox_reset_at is null ") + " order by t.id desc limit 61");
        q.put("workspace", PAGE + "t.sandbox_reset_at is null and p.tendering_unit_id = " + unit + " order by t.id desc limit 21");
        q.put("workspace-deep", PAGE + "t.sandbox_reset_at is null and p.tendering_unit_id = " + unit + " and t.id < " + mid
                + " order by t.id desc limit 21");
        q.put("workspace-projects", "select * from project where tendering_unit_id = " + unit + " order by id desc limit 100");
        q.put("desk-trades", PAGE + "t.status not in ('DRAFT', 'CONTRACTED', 'CANCELLED', 'FAILED') and t.sandbox_reset_at is null"
                + " order by t.id desc limit 21");
        // The time-limit alerts read only the open obligations whose limit is near or past (V22_2), as of the
        // server's clock plus the default yellow window (sunlight.supervision.yellow-before, one day).
        String horizon = "now() + interval '1 day'";
        q.put("alerts-objections", "select * from objection where answered_at is null and answer_due_at < " + horizon);
        q.put("alerts-complaints", "select * from complaint where decided_at is null and (accepted_at is null and accept_due_at < "
                + horizon + " or accepted_at is not null and decide_due_at < " + horizon + ") order by received_at");
        q.put("alerts-publicity", "select * from publicity where published_at is null and publish_due_at < " + horizon);
        q.put("alerts-awards", "select * from award where contracted_at is null and contract_due_at < " + horizon);
        q.put("alerts-bonds", "select * from bond_refund where refunded_at is null and due_at < " + horizon);
        // The collusion signals: stored rows (V22_1), one page in the desk's order, not a scan of the final tenders.
        q.put("alerts-collusion", "select s.id, s.tender_id, t.code, s.kind from collusion_signal s join tender t on t.id = s.tender_id"
                + " where t.status in ('CLOSED','OPENING','EVALUATION','PUBLICITY','AWARDED','FAILED')"
                + " order by s.level_rank, s.tender_id, s.kind collate \"C\", s.id limit 21");
        q.put("complaints", "select * from complaint order by received_at desc, id desc limit 21");
        q.put("as-of", "select * from audit_event where object_type = 'tender' and object_id = '" + mid
                + "' and occurred_at <= now() - interval '1 year' order by id");
        q.put("log-leaf-range", "select leaf_hash from log_leaf where leaf_index >= " + f.logSize() / 3 + " and leaf_index < "
                + (f.logSize() / 3 + 256) + " order by leaf_index");
        q.put("log-size", "select coalesce(max(leaf_index) + 1, 0) from log_leaf");
        q.put("entries", "select l.leaf_index, l.event_id, e.entry, l.leaf_hash, (e.disclosure = 'PUBLIC' or (e.disclosure = 'OPENING'"
                + " and exists (select 1 from tender t where t.id = e.disclose_tender and (t.status in ('OPENING', 'EVALUATION', 'PUBLICITY',"
                + " 'AWARDED', 'CONTRACTED') or exists (select 1 from audit_event o where o.object_type = 'tender' and o.object_id = t.id::text"
                + " and o.action = 'opening.started') or exists (select 1 from auction a where a.tender_id = t.id and a.closed_at is not null)))))"
                + " from log_leaf l join audit_event e on e.id = l.event_id where l.leaf_index >= " + f.logSize() / 2
                + " and l.leaf_index < " + (f.logSize() / 2 + 100) + " order by l.leaf_index");
        for (var e : q.entrySet()) {
            StringBuilder sb = new StringBuilder("-- ").append(e.getKey()).append('\n').append(e.getValue()).append("\n\n");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (analyze, buffers) " + e.getValue())) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('\n');
                }
            }
            Files.writeString(dir.resolve(e.getKey() + ".txt"), sb.toString(), StandardCharsets.UTF_8);
        }
    }
}
