package cn.sunlight.bench;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.crypto.Pem;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Zero lost bids under kill -9 (issue 14, item 4), against the two-instance cluster of docs/cluster/cluster.sh through
 * HAProxy. Each repetition: every bidder uploads a new sealed bid at once; during the rush one instance is killed with
 * -9; each bidder then does what the bidder tool does (ReconciledUpload): after a failed upload it looks for its bid
 * by SHA-256 among its receipts and re-sends only if the platform has not recorded it. Afterwards, for every upload
 * that got a 201 receipt: the row, the blob with the receipt's hash, the log entry, and the receipt's signature; for
 * every bidder exactly one submission of that envelope (no second copy, none missing). After all repetitions, no
 * debris: no blob without a row, no row without its blob, no partial upload file (the cluster runs with a short
 * orphan grace so that the collector's verdict is seen within the run). One line per repetition in the results.
 */
final class CrashBench {

    private final SubmissionBench b;

    CrashBench(SubmissionBench bench) {
        this.b = bench;
    }

    void run() throws Exception {
        int bidders = Integer.parseInt(b.args.getOrDefault("bidders", "200"));
        long bidBytes = (long) (Double.parseDouble(b.args.getOrDefault("bid-mib", "1")) * (1 << 20));
        int repetitions = Integer.parseInt(b.args.getOrDefault("repetitions", "20"));
        String cluster = b.required("cluster");
        Path blobDir = Path.of(b.required("blob-dir"));
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/" + b.required("database");
        SubmissionBench.Fixture f = b.setup(bidders, 4);
        X509Certificate ca = Pem.readCertificate(b.http.getText("/api/pki/ca.pem"));
        InetSocketAddress server = b.address();
        int totalAck = 0, totalPresent = 0;
        for (int rep = 1; rep <= repetitions; rep++) {
            int lot = 1 + rep % 3;
            Path dir = Files.createDirectories(b.work.resolve("crash-" + rep));
            List<BidBuilder.Bid> bids = buildBids(f, lot, bidBytes, dir, rep);
            String[] acknowledged = new String[bidders];
            AtomicInteger cut = new AtomicInteger(), retried = new AtomicInteger(), reconciled = new AtomicInteger();
            int victim = 1 + rep % 2;
            long t0 = System.nanoTime();
            try (ExecutorService exec = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("crash-", 0).factory())) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < bidders; i++) {
                    int idx = i;
                    futures.add(exec.submit(() -> {
                        acknowledged[idx] = submitLikeTheTool(server, f, lot, idx, bids.get(idx), cut, retried, reconciled);
                        return null;
                    }));
                }
                // kill -9 one instance while the rush is on
                Thread.sleep(300 + ThreadLocalRandom.current().nextInt(1500));
                sh(cluster, "kill", String.valueOf(victim));
                for (Future<?> fu : futures) {
                    fu.get(10, TimeUnit.MINUTES);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            sh(cluster, "start-instance", String.valueOf(victim));
            // Verify every acknowledged upload and that each bidder has exactly one copy of its envelope.
            int ack = 0, present = 0, copiesWrong = 0;
            List<String> problems = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
                for (int i = 0; i < bidders; i++) {
                    BidBuilder.Bid bid = bids.get(i);
                    try (var ps = c.prepareStatement("select count(*) from sealed_bid where envelope_sha256 = ? and kind = 'SUBMISSION'")) {
                        ps.setString(1, bid.sha256Hex());
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getInt(1) != 1) {
                                copiesWrong++;
                                problems.add(f.bidders().get(i).username() + ": " + rs.getInt(1) + " copies of its envelope");
                            }
                        }
                    }
                    if (acknowledged[i] == null) {
                        continue;
                    }
                    ack++;
                    String problem = check(c, acknowledged[i], bid, blobDir, ca);
                    if (problem == null) {
                        present++;
                    } else {
                        problems.add(f.bidders().get(i).username() + ": " + problem);
                    }
                }
            }
            totalAck += ack;
            totalPresent += present;
            b.record("crash.r" + rep + ".killed_instance", victim);
            b.record("crash.r" + rep + ".acknowledged", ack);
            b.record("crash.r" + rep + ".present", present);
            b.record("crash.r" + rep + ".cut_off", cut.get());
            b.record("crash.r" + rep + ".retried", retried.get());
            b.record("crash.r" + rep + ".reconciled_by_hash", reconciled.get());
            b.record("crash.r" + rep + ".wrong_copies", copiesWrong);
            b.record("crash.r" + rep + ".seconds", seconds);
            b.log.printf("crash: repetition %d: killed instance %d; %d/%d acknowledged (201), %d present and verified; %d uploads cut off, "
                            + "%d re-sent, %d found by hash; %d bidders without exactly one copy (%.1f s)%n", rep, victim, ack, bidders,
                    present, cut.get(), retried.get(), reconciled.get(), copiesWrong, seconds);
            problems.stream().limit(10).forEach(p -> b.log.println("crash:   " + p));
            for (BidBuilder.Bid bid : bids) {
                Files.deleteIfExists(bid.envelope());
            }
        }
        b.record("crash.acknowledged", totalAck);
        b.record("crash.present", totalPresent);
        debris(jdbc, blobDir);
        if (totalPresent != totalAck) {
            throw new IllegalStateException((totalAck - totalPresent) + " acknowledged bids are not all present");
        }
    }

    private List<BidBuilder.Bid> buildBids(SubmissionBench.Fixture f, int lot, long bytes, Path dir, int rep) throws Exception {
        List<BidBuilder.Bid> out = new ArrayList<>();
        for (int i = 0; i < f.bidders().size(); i++) {
            SubmissionBench.Party p = f.bidders().get(i);
            out.add(BidBuilder.build(dir, "r" + rep + "-bid" + i, bytes, rep * 7_000_003L + i, f.code(), lot, p.creditCode(),
                    (5_000_000 + i) + ".00", List.of(f.opening(), p.encryptionCertificate()), p.signing().getPrivate()));
        }
        return out;
    }

    /** What the bidder tool does: upload; after a failure, find the bid by hash before re-sending. Returns the 201 body. */
    private String submitLikeTheTool(InetSocketAddress server, SubmissionBench.Fixture f, int lot, int idx, BidBuilder.Bid bid,
                                     AtomicInteger cut, AtomicInteger retried, AtomicInteger reconciled) throws Exception {
        SubmissionBench.Party p = f.bidders().get(idx);
        String path = "/api/tenders/" + f.tenderId() + "/lots/" + lot + "/bids";
        for (int attempt = 1; attempt <= 15; attempt++) {
            RawUpload.Result r;
            try {
                r = b.upload(server, path, p, bid);
            } catch (Exception e) {
                r = null;
            }
            if (r != null && r.status() == 201 && b.receiptProblem(r, bid, f.code()) == null) {
                return r.body();
            }
            if (r != null && r.status() >= 400 && r.status() < 500) {
                throw new IllegalStateException(p.username() + ": refused " + r.status() + " " + r.body());
            }
            if (attempt == 1) {
                cut.incrementAndGet();
            }
            Thread.sleep(Math.min(10_000L, 500L * attempt));
            try {
                for (JsonNode receipt : b.http.getJson(p.token(), "/api/tenders/" + f.tenderId() + "/bids/mine")) {
                    if (bid.sha256Hex().equals(receipt.path("content").path("envelopeSha256").asText())) {
                        reconciled.incrementAndGet();
                        return null; // recorded though its upload saw no receipt: not sent again (not counted as a 201)
                    }
                }
            } catch (RuntimeException e) {
                // the balancer has not taken the dead instance out yet: ask again after the next attempt
            }
            retried.incrementAndGet();
        }
        throw new IllegalStateException(p.username() + ": not accepted after 15 attempts");
    }

    /** Null when the acknowledged bid is fully present: row, blob with the hash, log entry, receipt signature. */
    private String check(Connection c, String receiptJson, BidBuilder.Bid bid, Path blobDir, X509Certificate ca) throws Exception {
        JsonNode receipt = b.http.json.readTree(receiptJson);
        JsonNode content = receipt.path("content");
        long bidId = content.path("bidId").asLong();
        try (var ps = c.prepareStatement("select envelope_sha256 from sealed_bid where id = ?")) {
            ps.setLong(1, bidId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next() || !bid.sha256Hex().equals(rs.getString(1))) {
                    return "no row for bid " + bidId;
                }
            }
        }
        String sha = bid.sha256Hex();
        Path blob = blobDir.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
        if (!Files.exists(blob)) {
            return "no blob " + sha;
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(blob)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        if (!sha.equals(HexFormat.of().formatHex(md.digest()))) {
            return "blob content does not hash to " + sha;
        }
        long event = content.path("auditEventId").asLong();
        boolean logged = false;
        for (int i = 0; i < 60 && !logged; i++) {
            try (var ps = c.prepareStatement("select 1 from log_leaf where event_id = ?")) {
                ps.setLong(1, event);
                try (var rs = ps.executeQuery()) {
                    logged = rs.next();
                }
            }
            if (!logged) {
                Thread.sleep(500);
            }
        }
        if (!logged) {
            return "audit event " + event + " not in the log";
        }
        List<X509Certificate> chain = Pem.readCertificates(receipt.path("signerChain").asText());
        chain.getFirst().verify(chain.size() > 1 ? chain.get(1).getPublicKey() : ca.getPublicKey());
        if (chain.size() > 1) {
            chain.get(1).verify(ca.getPublicKey());
        }
        Signature s = Signature.getInstance(receipt.path("signatureAlgorithm").asText());
        s.initVerify(chain.getFirst());
        s.update(CanonicalJson.write(b.http.json.convertValue(content, TreeMap.class)).getBytes(StandardCharsets.UTF_8));
        if (!s.verify(Base64.getDecoder().decode(receipt.path("signature").asText()))) {
            return "receipt signature does not verify";
        }
        return null;
    }

    /** No blob without a row, no row without its blob, no partial upload: after the collector's grace has passed. */
    private void debris(String jdbc, Path blobDir) throws Exception {
        long waitSeconds = Long.parseLong(b.args.getOrDefault("debris-wait", "20"));
        Thread.sleep(waitSeconds * 1000);
        List<String> blobs = new ArrayList<>();
        try (var files = Files.find(blobDir, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().matches("[0-9a-f]{64}"))) {
            files.forEach(p -> blobs.add(p.getFileName().toString()));
        }
        long partials;
        try (var files = Files.list(blobDir.resolve("tmp"))) {
            partials = files.count();
        }
        int orphans = 0, missing = 0;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            var referenced = new java.util.HashSet<String>();
            try (var s = c.createStatement(); var rs = s.executeQuery("""
                    select envelope_sha256 from sealed_bid where envelope_sha256 is not null
                    union select sha256 from tender_document""")) {
                while (rs.next()) {
                    referenced.add(rs.getString(1));
                }
            }
            for (String sha : blobs) {
                if (!referenced.contains(sha)) {
                    orphans++;
                }
            }
            try (var s = c.createStatement(); var rs = s.executeQuery("select envelope_sha256 from sealed_bid where envelope_sha256 is not null")) {
                while (rs.next()) {
                    if (!blobs.contains(rs.getString(1))) {
                        missing++;
                    }
                }
            }
        }
        b.record("crash.debris.blobs_without_row", orphans);
        b.record("crash.debris.rows_without_blob", missing);
        b.record("crash.debris.partial_files", partials);
        b.log.printf("crash: debris after %d s: %d blobs without a row, %d rows without a blob, %d partial upload files%n",
                waitSeconds, orphans, missing, partials);
    }

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

}
