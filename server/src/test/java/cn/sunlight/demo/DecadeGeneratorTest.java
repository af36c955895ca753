package cn.sunlight.demo;

import cn.sunlight.audit.log.NoteSignature;
import cn.sunlight.audit.log.NoteSigner;
import cn.sunlight.audit.log.SignedNote;
import cn.sunlight.audit.service.LogKeys;
import cn.sunlight.audit.verify.LogVerifier;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 3: the decade generator at 200 tenders, into its own database (sunlight_decade_test): the rows keep
 * the platform's invariants and the audit log it writes is accepted by the platform's offline verifier (LogVerifier,
 * what `.ci/sunlight verify-log` runs) with the keys the platform signs with. The benchmark reads every page over HTTP.
 */
class DecadeGeneratorTest {

    static final String DB = "sunlight_decade_test";
    static final Path KEYS = Path.of("target/decade-test-keys");
    static DecadeGenerator.Result result;

    @BeforeAll
    static void generate() throws Exception {
        result = DecadeGenerator.run(DecadeGenerator.parse(new String[]{"--database", DB, "--tenders", "200", "--fresh",
                "--keys-dir", KEYS.toString(), "--end", "2026-06-30T04:00:00Z"}), s -> { });
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DB, "postgres", "");
    }

    private static long one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theRowsKeepThePlatformsInvariants() throws Exception {
        try (Connection c = db()) {
            assertEquals(200, one(c, "select count(*) from tender"));
            assertEquals(3, one(c, "select count(distinct trade_type) from tender"), "the three trade types");
            assertTrue(one(c, "select count(distinct method) from tender") >= 5, "their methods");
            assertEquals(0, one(c, "select count(*) from tender t where t.method = 'ONLINE_BIDDING' and t.trade_type = 'ENGINEERING'"),
                    "only methods the trade type allows");
            assertEquals(0, one(c, "select count(*) from tender t left join lot l on l.tender_id = t.id where l.id is null"));
            assertEquals(0, one(c, "select count(*) from sealed_bid b left join bidder_registration r"
                    + " on r.tender_id = b.tender_id and r.organisation_id = b.organisation_id where r.id is null"), "bids by registered bidders");
            assertEquals(0, one(c, "select count(*) from sealed_bid b join tender t on t.id = b.tender_id"
                    + " where t.status in ('DRAFT', 'PUBLISHED', 'BIDDING') or b.received_at > t.bid_deadline"), "bids only before a passed deadline");
            assertEquals(0, one(c, "select count(*) from award a join sealed_bid b on b.id = a.bid_id where b.tender_id <> a.tender_id"
                    + " or b.organisation_id <> a.organisation_id"), "an award names one of its tender's bids");
            assertEquals(0, one(c, "select count(*) from award a join tender t on t.id = a.tender_id"
                    + " where (t.status = 'CONTRACTED') <> (a.contracted_at is not null)"), "contracts exactly for contracted tenders");
            assertEquals(0, one(c, "select count(*) from bidder_registration r join tender t on t.id = r.tender_id where t.status = 'DRAFT'"));
            assertEquals(0, one(c, "select count(*) from tender where search_text is null or search_bigrams is null"), "searchable");
            assertEquals(0, one(c, "select count(*) from audit_event a join audit_event b on b.id = a.id + 1 where b.occurred_at < a.occurred_at"),
                    "events in time order");
            assertEquals(0, one(c, "select count(*) from audit_event where state is not null"
                    + " and state_hash <> encode(sha256(convert_to(state, 'UTF8')), 'hex')"), "each state hashes to its state hash");
            assertEquals(one(c, "select count(*) from audit_event"), one(c, "select count(*) from log_leaf"));
            assertTrue(one(c, "select count(*) from audit_event") >= 200 * 15, "about twenty events a tender");
            assertTrue(one(c, "select count(*) from complaint") + one(c, "select count(*) from objection") > 0);
            // New rows continue after the generated ones.
            assertTrue(one(c, "select last_value from tender_code_seq") > 200);
        }
        assertEquals(200L, result.counts().get("tender"));
    }

    @Test
    void theAuditLogVerifiesWithThePlatformsVerifier() throws Exception {
        String origin = "sunlight.local/audit-log";
        String witnessName = "supervision.sunlight.local/witness";
        String logKey = NoteSigner.ed25519(origin, LogKeys.loadOrCreate(KEYS.resolve("log-ed25519.pem"))).verifierKey().toString();
        String witnessKey = NoteSigner.cosignatureV1(witnessName, LogKeys.loadOrCreate(KEYS.resolve("witness/witness-ed25519.pem")),
                java.time.Clock.systemUTC()).verifierKey().toString();
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        int checkpoints = 0;
        try (Connection c = db(); JsonGenerator g = new ObjectMapper().getFactory().createGenerator(export)) {
            g.writeStartObject();
            g.writeStringField("format", "sunlight-log-export/2");
            g.writeStringField("origin", origin);
            g.writeArrayFieldStart("checkpoints");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select k.signed_note, w.signature from log_checkpoint k"
                    + " join log_cosignature w on w.tree_size = k.tree_size order by k.tree_size")) {
                while (rs.next()) {
                    g.writeString(SignedNote.parse(rs.getString(1)).withSignature(NoteSignature.parseLine(rs.getString(2))).format());
                    checkpoints++;
                }
            }
            g.writeEndArray();
            List<Object[]> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select l.leaf_index, e.entry, l.leaf_hash from log_leaf l join audit_event e on e.id = l.event_id order by l.leaf_index")) {
                while (rs.next()) {
                    rows.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getBytes(3)});
                }
            }
            g.writeArrayFieldStart("entries");
            Base64.Encoder b64 = Base64.getEncoder();
            for (int i = 0; i < rows.size(); i++) {
                g.writeStartObject();
                g.writeNumberField("index", (Long) rows.get(i)[0]);
                g.writeStringField("entry", (String) rows.get(i)[1]);
                g.writeStringField("leafHash", b64.encodeToString((byte[]) rows.get(i)[2]));
                if (i > 0) {
                    g.writeStringField("prev", b64.encodeToString((byte[]) rows.get(i - 1)[2]));
                }
                if (i + 1 < rows.size()) {
                    g.writeStringField("next", b64.encodeToString((byte[]) rows.get(i + 1)[2]));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        assertTrue(checkpoints >= 10, "a cosigned checkpoint at the end of each year of the decade: " + checkpoints);
        LogVerifier.Result r = LogVerifier.verify(new ByteArrayInputStream(export.toByteArray()), logKey, witnessKey, List.of(),
                new PrintStream(new ByteArrayOutputStream()));
        assertTrue(r.ok(), r.message());
        assertEquals(checkpoints, r.checkpoints());

        // And a single changed entry is caught (the verifier is not vacuous here).
        String tampered = export.toString(java.nio.charset.StandardCharsets.UTF_8).replaceFirst("tender.published", "tender.cancelled");
        LogVerifier.Result bad = LogVerifier.verify(new ByteArrayInputStream(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                logKey, witnessKey, List.of(), new PrintStream(new ByteArrayOutputStream()));
        assertTrue(!bad.ok(), "a changed entry must fail");
    }
}
