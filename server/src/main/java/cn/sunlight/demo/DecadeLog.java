package cn.sunlight.demo;

import cn.sunlight.audit.log.Checkpoint;
import cn.sunlight.audit.log.InMemorySubtreeHashCache;
import cn.sunlight.audit.log.LeafHashSource;
import cn.sunlight.audit.log.MerkleHashes;
import cn.sunlight.audit.log.MerkleTree;
import cn.sunlight.audit.log.NoteSignature;
import cn.sunlight.audit.log.NoteSigner;
import cn.sunlight.audit.log.SignedNote;
import cn.sunlight.audit.log.Witness;
import cn.sunlight.audit.service.LogKeys;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The generated decade's transparency log, built as the platform's sequencer would have: every audit event in id
 * order becomes leaf {@code i} with {@code H(0x00 || entry)} ({@link MerkleHashes}), and at the end of each year a
 * checkpoint is signed with the platform's log key and cosigned by the supervision authority's witness after it
 * checked consistency with the previous one ({@link Witness}) — the keys are loaded or created exactly where the
 * platform will look for them ({@link LogKeys}), so the platform, its verifier and any RFC 9162 client accept them.
 */
final class DecadeLog {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final int FETCH = 20_000;

    private DecadeLog() {
    }

    record Boundary(long size, Instant at) {
    }

    static void build(Connection c, Path keysDir, Path witnessKeysDir, String origin, String witnessName) throws SQLException {
        long n;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from audit_event")) {
            rs.next();
            n = rs.getLong(1);
        }
        if (n == 0) {
            return;
        }
        // All leaf hashes in one array (32 bytes each: 640 MB at 20 million events), for the checkpoints' roots and
        // the witness's consistency proofs.
        byte[] leaves = new byte[Math.toIntExact(n * 32)];
        List<Boundary> boundaries = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Connection reader = java.sql.DriverManager.getConnection(c.getMetaData().getURL(), c.getMetaData().getUserName(), "")) {
            reader.setAutoCommit(false);
            try (PreparedStatement ps = reader.prepareStatement("select id, entry, occurred_at from audit_event order by id")) {
                ps.setFetchSize(FETCH);
                CopyIn copy = pg.getCopyAPI().copyIn("copy log_leaf (leaf_index, event_id, leaf_hash, sequenced_at) from stdin");
                StringBuilder buf = new StringBuilder(1 << 20);
                long i = 0;
                int year = -1;
                Instant last = null;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] h = MerkleHashes.leafHash(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                        System.arraycopy(h, 0, leaves, Math.toIntExact(i * 32), 32);
                        Instant at = rs.getTimestamp(3).toInstant();
                        int y = at.atZone(BEIJING).getYear();
                        if (year != -1 && y != year) {
                            boundaries.add(new Boundary(i, last)); // the year's last checkpoint
                        }
                        year = y;
                        last = at;
                        buf.append(i).append('\t').append(rs.getLong(1)).append("\t\\\\x").append(hex.formatHex(h))
                                .append('\t').append(at).append('\n');
                        i++;
                        if (buf.length() > (1 << 20) - 512) {
                            write(copy, buf);
                        }
                    }
                }
                write(copy, buf);
                copy.endCopy();
                boundaries.add(new Boundary(i, last));
            }
            reader.commit();
        }
        checkpoints(c, leaves, boundaries, keysDir, witnessKeysDir, origin, witnessName);
    }

    private static void write(CopyIn copy, StringBuilder buf) throws SQLException {
        byte[] b = buf.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(b, 0, b.length);
        buf.setLength(0);
    }

    private static void checkpoints(Connection c, byte[] leaves, List<Boundary> boundaries, Path keysDir, Path witnessKeysDir,
                                    String origin, String witnessName) throws SQLException {
        LeafHashSource source = index -> Arrays.copyOfRange(leaves, Math.toIntExact(index * 32), Math.toIntExact(index * 32 + 32));
        MerkleTree tree = new MerkleTree(source, new InMemorySubtreeHashCache());
        NoteSigner logSigner = NoteSigner.ed25519(origin, LogKeys.loadOrCreate(keysDir.resolve("log-ed25519.pem")));
        KeyPair witnessKey = LogKeys.loadOrCreate(witnessKeysDir.resolve("witness-ed25519.pem"));
        Checkpoint previous = null;
        for (Boundary b : boundaries) {
            if (previous != null && previous.size() >= b.size()) {
                continue;
            }
            byte[] root = tree.root(b.size());
            SignedNote note = logSigner.sign(new Checkpoint(origin, b.size(), root).body());
            NoteSigner cosigner = NoteSigner.cosignatureV1(witnessName, witnessKey, Clock.fixed(b.at(), BEIJING));
            Witness witness = new Witness(origin, logSigner.verifierKey(), cosigner, previous);
            SignedNote cosigned;
            try {
                cosigned = witness.cosign(note, previous == null ? List.of() : tree.consistencyProof(previous.size(), b.size()));
            } catch (cn.sunlight.audit.log.WitnessException e) {
                throw new IllegalStateException("the witness refused generated checkpoint " + b.size() + ": " + e.getMessage(), e);
            }
            NoteSignature cosignature = cosigned.signatures().stream().filter(s -> s.keyId() == cosigner.keyId()).findFirst()
                    .orElseThrow();
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into log_checkpoint (tree_size, root_hash, signed_note, issued_at, reason) values (?, ?, ?, ?, ?)")) {
                ps.setLong(1, b.size());
                ps.setBytes(2, root);
                ps.setString(3, note.format());
                ps.setTimestamp(4, Timestamp.from(b.at()));
                ps.setString(5, "decade-generator");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into log_cosignature (tree_size, witness, signature, cosigned_at) values (?, ?, ?, ?)")) {
                ps.setLong(1, b.size());
                ps.setString(2, witnessName);
                ps.setString(3, cosignature.line());
                ps.setTimestamp(4, Timestamp.from(b.at()));
                ps.executeUpdate();
            }
            previous = new Checkpoint(origin, b.size(), root);
        }
    }
}
