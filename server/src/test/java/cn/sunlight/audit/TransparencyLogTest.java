package cn.sunlight.audit;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.NoteVerifier;
import cn.sunlight.audit.log.ProofVerifier;
import cn.sunlight.audit.log.SignedNote;
import cn.sunlight.audit.log.VerifierKey;
import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.audit.verify.LogVerifier;
import cn.sunlight.support.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
class TransparencyLogTest {

    @Inject
    TransparencyLog log;
    @Inject
    AgroalDataSource db;

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    /**
     * A transaction left open in another database of the same PostgreSQL server (a report, a migration, another
     * application) cannot write our audit events, so it must not hold the log back.
     */
    @Test
    void aLongTransactionInAnotherDatabaseDoesNotHoldTheLogBack() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (var other = java.sql.DriverManager.getConnection(url, "postgres", "")) {
            other.setAutoCommit(false);
            try (var st = other.createStatement(); var rs = st.executeQuery("select pg_current_xact_id()")) {
                assertTrue(rs.next()); // the other database's transaction now holds an xid, and stays open
            }
            Api.Party p = Api.party("TENDERER"); // a bidder's account events are not public; a tendering unit's are
            List<String> entries = cn.sunlight.support.LogEntries.awaitRecent(log,
                    e -> e.stream().anyMatch(x -> x.contains(p.username())));
            assertTrue(entries.stream().anyMatch(x -> x.contains(p.username())),
                    "the new account's events are sequenced while the other database's transaction is open");
            other.rollback();
        }
    }

    @Test
    void checkpointsAreSignedCosignedAndProofsVerify() throws Exception {
        Api.operator();
        var first = log.checkpoint("test-1");
        Api.party("BIDDER"); // more events
        var second = log.checkpoint("test-2");
        assertTrue(second.size() > first.size());

        JsonPath keys = given().get("/api/log/keys").then().statusCode(200).extract().jsonPath();
        VerifierKey logKey = VerifierKey.parse(keys.getString("logVerifierKey"));
        VerifierKey witnessKey = VerifierKey.parse(keys.getString("witnessVerifierKey"));
        String note = given().get("/api/log/checkpoint").then().statusCode(200).extract().asString();
        Checkpoint cp = Checkpoint.from(NoteVerifier.of(logKey).verify(note));
        NoteVerifier.of(witnessKey).verify(SignedNote.parse(note)); // the supervision authority cosigned it
        assertTrue(cp.size() >= second.size());

        long index = first.size() - 1;
        JsonPath inc = given().queryParam("index", index).queryParam("size", cp.size()).get("/api/log/proofs/inclusion")
                .then().statusCode(200).extract().jsonPath();
        List<byte[]> proof = inc.getList("proof", String.class).stream().map(TransparencyLogTest::b64).toList();
        ProofVerifier.verifyInclusion(index, cp.size(), b64(inc.getString("leafHash")), proof, cp.rootHash());
        String entry = given().get("/api/log/leaves/" + index).then().statusCode(200).extract().path("entry");
        assertArrayEquals(cn.sunlight.audit.log.MerkleHashes.leafHash(entry.getBytes(StandardCharsets.UTF_8)), b64(inc.getString("leafHash")));

        JsonPath con = given().queryParam("size1", first.size()).queryParam("size2", cp.size()).get("/api/log/proofs/consistency")
                .then().statusCode(200).extract().jsonPath();
        ProofVerifier.verifyConsistency(first.size(), cp.size(),
                con.getList("proof", String.class).stream().map(TransparencyLogTest::b64).toList(), first.root(), cp.rootHash());

        given().queryParam("size1", 0).queryParam("size2", cp.size()).get("/api/log/proofs/consistency")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void exportVerifiesOfflineAndIndependentlyAndATamperedRowIsNamed() throws Exception {
        Api.party("TENDERER");
        log.checkpoint("before-export");
        String logKey = given().get("/api/log/keys").then().extract().path("logVerifierKey");
        byte[] export = given().get("/api/log/export").then().statusCode(200).extract().asByteArray();
        var ok = LogVerifier.verify(new ByteArrayInputStream(export), logKey, null, List.of(), new PrintStream(new ByteArrayOutputStream()));
        assertTrue(ok.ok(), ok.message());

        Path file = Files.createTempFile("log-export", ".json");
        Files.write(file, export);
        Path script = Path.of("src/test/resources/rfc9162_independent.py");
        Process py = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        String pyOut = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, py.waitFor(), pyOut);
        assertTrue(pyOut.contains("OK"), pyOut);

        // Someone with database superuser rights bypasses the trigger and edits one event.
        long victim = ok.size() / 2;
        String original;
        try (var c = db.getConnection(); var s = c.createStatement()) {
            // A public entry (one withheld until an opening is not in the public export in clear anyway).
            var rs = s.executeQuery("select e.id, e.entry, l.leaf_index from audit_event e join log_leaf l on l.event_id = e.id"
                    + " where l.leaf_index >= " + victim + " and e.disclosure = 'PUBLIC' order by l.leaf_index limit 1");
            rs.next();
            victim = rs.getLong(3);
            long eventId = rs.getLong(1);
            original = rs.getString(2);
            s.execute("set session_replication_role = replica");
            try (var ps = c.prepareStatement("update audit_event set entry = ? where id = ?")) {
                ps.setString(1, original.replace("\"v\":1", "\"v\":1,\"forged\":true"));
                ps.setLong(2, eventId);
                assertEquals(1, ps.executeUpdate());
            }
            try {
                byte[] tampered = given().get("/api/log/export").then().statusCode(200).extract().asByteArray();
                var bad = LogVerifier.verify(new ByteArrayInputStream(tampered), logKey, null, List.of(), new PrintStream(new ByteArrayOutputStream()));
                assertFalse(bad.ok());
                assertEquals(victim, bad.firstBadIndex(), bad.message());
            } finally {
                try (var ps = c.prepareStatement("update audit_event set entry = ? where id = ?")) {
                    ps.setString(1, original);
                    ps.setLong(2, eventId);
                    ps.executeUpdate();
                }
                s.execute("set session_replication_role = origin");
            }
        }
    }

    @Test
    void theApplicationRoleCannotRewriteTheLog() throws SQLException {
        log.checkpoint("privileges");
        try (var c = db.getConnection(); var s = c.createStatement()) {
            s.execute("set role sunlight_app");
            try {
                var e = assertThrows(SQLException.class, () -> s.executeUpdate("update log_leaf set leaf_hash = leaf_hash"));
                assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
                var d = assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_event"));
                assertTrue(d.getMessage().contains("permission denied"), d.getMessage());
            } finally {
                s.execute("reset role");
            }
        }
    }
}
