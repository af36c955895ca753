package cn.sunlight.demo;

import cn.sunlight.bid.BidStatement;
import cn.sunlight.bid.envelope.EnvelopeSealer;
import cn.sunlight.crypto.Pem;
import cn.sunlight.tools.BidderTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Drives sandbox tenders through their life over the platform's public HTTP API, as its users would (issue 18): the
 * demo stages ({@link DemoStages}) and the walkthrough ({@link Walkthrough}) are both made of these steps. Bids are
 * sealed, submitted and decrypted with the bidder tool ({@link BidderTool}, in process); waiting for a legal time limit
 * is done by speeding the tender's sandbox clock up ({@code PUT /api/sandbox/tenders/{id}/clock}) until the platform's
 * own timers and checks see the limit pass, then slowing it down to real time for the next human step — time is
 * never skipped. Quarkus-free.
 */
public final class SandboxTrade {

    /** Sandbox seconds per real second while waiting (30 days ≈ 2.6 s) and while acting (real time). */
    public static final long FAST = 1_000_000;
    public static final long ACTING = 1;

    public static final String PASSWORD = "Sunlight@2026";

    private final URI server;
    private final Path keysDir;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> tokens = new LinkedHashMap<>();

    public SandboxTrade(URI server, Path keysDir, PrintStream out) {
        this.server = server;
        this.keysDir = keysDir;
        this.out = out;
    }

    public record Tender(long id, String code, String host) {
    }

    public void step(String text) {
        out.println("▶ " + text);
    }

    public void look(String what, String path) {
        out.println("    " + what + ": " + server + path);
    }

    // ---------------------------------------------------------------- HTTP

    public String token(String username) throws Exception {
        String t = tokens.get(username);
        if (t == null) {
            t = send(null, "POST", "/api/auth/login", Map.of("username", username, "password", PASSWORD)).get("token").asText();
            tokens.put(username, t);
        }
        return t;
    }

    public JsonNode as(String username, String method, String path, Object body) throws Exception {
        return send(token(username), method, path, body);
    }

    public JsonNode get(String path) throws Exception {
        return send(null, "GET", path, null);
    }

    public JsonNode send(String token, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? json.nullNode() : json.readTree(r.body());
    }

    public byte[] bytes(String username, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).GET();
        if (username != null) {
            b.header("Authorization", "Bearer " + token(username));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    // ---------------------------------------------------------------- tender

    /** A sandbox tender at real speed with the earliest comfortable legal schedule (documents now, deadline in 21 days). */
    public Tender create(String host, long project, String title, String tradeType, String method, String budget, String ceiling,
                         String bond, String evaluation, List<Map<String, String>> lots) throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant deadline = now.plus(Duration.ofDays(21));
        Map<String, Object> body = DemoData.tenderBody(title, tradeType, method, budget, ceiling, bond, evaluation, lots, now, deadline);
        JsonNode t = as(host, "POST", "/api/projects/" + project + "/tenders?sandbox=true&sandboxFactor=" + ACTING, body);
        long id = t.get("id").asLong();
        String code = as(host, "POST", "/api/tenders/" + id + "/publish", null).get("code").asText();
        return new Tender(id, code, host);
    }

    public long project(String host, String name, Long tenderingUnit) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("region", "阳光市");
        if (tenderingUnit != null) {
            body.put("tenderingUnitId", tenderingUnit);
        }
        return as(host, "POST", "/api/projects", body).get("id").asLong();
    }

    public String status(Tender t) throws Exception {
        return get("/api/tenders/" + t.id()).get("status").asText();
    }

    public void register(Tender t, String... bidders) throws Exception {
        JsonNode tender = get("/api/tenders/" + t.id());
        String bond = tender.path("bidBond").asText("0");
        for (String b : bidders) {
            as(b, "POST", "/api/tenders/" + t.id() + "/registrations", null);
            if (new java.math.BigDecimal(bond).signum() > 0) {
                payBond(t, b, bond);
            }
        }
    }

    /**
     * The bidder's bond into each of its sub-accounts as the bank would report it (today's value date, the bidder's own
     * demo account), imported by the operator: the opening checks bonds before decryption.
     */
    public void payBond(Tender t, String bidder, String amount) throws Exception {
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (JsonNode a : as(bidder, "GET", "/api/tenders/" + t.id() + "/bond-accounts/mine", null)) {
            lines.add(Map.of("subAccount", a.get("accountNo").asText(), "bankReference", "DEMO-" + t.id() + "-" + bidder + "-" + a.get("lot").asInt(),
                    "payerAccount", "6222-DEMO-" + bidder, "payerName", bidder, "amount", amount,
                    "valueDate", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString()));
        }
        as("operator", "POST", "/api/bond/statements", Map.of("lines", lines));
    }

    // ---------------------------------------------------------------- the sandbox clock

    public void speed(Tender t, long factor) throws Exception {
        as(t.host(), "PUT", "/api/sandbox/tenders/" + t.id() + "/clock", Map.of("factor", factor));
    }

    public Instant sandboxNow(Tender t) throws Exception {
        return Instant.parse(get("/api/sandbox/tenders/" + t.id() + "/clock").get("sandboxNow").asText());
    }

    /** Lets the tender's sandbox time run fast until it passes {@code instant}, then back to real speed. */
    public void runUntil(Tender t, Instant instant, String why) throws Exception {
        out.println("    ⏩ sandbox clock ×" + FAST + " until " + instant + " (" + why + ")");
        speed(t, FAST);
        try {
            long realMillis = Duration.between(sandboxNow(t), instant).toMillis() / FAST;
            if (realMillis > 20) {
                Thread.sleep(realMillis - 10);
            }
            waitFor(() -> !sandboxNow(t).isBefore(instant), Duration.ofMinutes(2), why);
        } finally {
            speed(t, ACTING);
        }
    }

    /** Runs fast until the deadline timer has closed submission (the platform's Quartz job does it, not this driver). */
    public void runPastDeadline(Tender t) throws Exception {
        Instant deadline = Instant.parse(get("/api/tenders/" + t.id()).get("schedule").get("bidDeadline").asText());
        runUntil(t, deadline.plusSeconds(1), "the bid deadline");
        // back at real speed the deadline timer is due at once: the platform's Quartz job closes submission
        waitFor(() -> "CLOSED".equals(status(t)) || "FAILED".equals(status(t)), Duration.ofMinutes(2), "the deadline timer");
        out.println("    the deadline timer closed submission");
    }

    public interface Check {
        boolean ok() throws Exception;
    }

    public static void waitFor(Check check, Duration max, String what) throws Exception {
        Instant giveUp = Instant.now().plus(max);
        while (!check.ok()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    // ---------------------------------------------------------------- bids

    /** Runs the bidder tool in process; returns its output; fails unless it exits 0. */
    public String tool(String user, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        if (!"verify-receipt".equals(args[0])) { // offline: it talks to no platform and needs no account
            a.addAll(List.of("--server", server.toString(), "--user", user, "--password", PASSWORD, "--keys", keysDir.resolve(user).toString()));
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int exit = BidderTool.run(a.toArray(String[]::new), ps, ps, Map.of());
        String text = buf.toString(StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException("bidder-tool " + String.join(" ", args) + " exited " + exit + ":\n" + text);
        }
        return text;
    }

    /** A bid folder (opening-form.json and a technical proposal), sealed and submitted with the bidder tool. */
    public Path submit(Tender t, String bidder, int lot, String price, Path work) throws Exception {
        Path folder = work.resolve(bidder + "-" + t.id() + "-" + lot);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("opening-form.json"), "{\"price\":\"" + price + "\",\"duration\":\"365 日历天\",\"quality\":\"合格\"}");
        Files.writeString(folder.resolve("technical-proposal.txt"), bidder + " 的技术标（沙箱演示）\n");
        tool(bidder, "submit", "--tender", "" + t.id(), "--lot", "" + lot, "--folder", folder.toString());
        return folder;
    }

    /**
     * A bid whose ciphertext was corrupted after sealing but that its bidder signed and submitted: the platform accepts it
     * (it cannot look inside) and the opening records the failure with its consequence (电子招标投标办法 Art. 31).
     */
    public void submitTampered(Tender t, String bidder, int lot, String price) throws Exception {
        Path keys = keysDir.resolve(bidder);
        var opening = Pem.readCertificate(new String(bytes(null, "/api/tenders/" + t.id() + "/opening-certificate.pem"), StandardCharsets.UTF_8));
        var own = Pem.readCertificates(Files.readString(keys.resolve("encryption-cert.pem"))).getFirst();
        byte[] envelope = new EnvelopeSealer().seal(zip(price), List.of(opening, own));
        envelope[envelope.length - 40] ^= 1;
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(envelope));
        PrivateKey signing = Pem.readPrivateKey(Files.readString(keys.resolve("signing-key.pem")));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signing);
        // The statement names the bidder's organisation, read from its own signing certificate (as the bidder tool does).
        String org = cn.sunlight.crypto.PlatformCa.organisationCode(
                Pem.readCertificates(Files.readString(keys.resolve("signing-cert.pem"))).getFirst()).orElseThrow();
        s.update(BidStatement.text(t.code(), lot, org, sha, envelope.length).getBytes(StandardCharsets.UTF_8));
        HttpRequest r = HttpRequest.newBuilder(server.resolve("/api/tenders/" + t.id() + "/lots/" + lot + "/bids"))
                .header("Authorization", "Bearer " + token(bidder)).header("Content-Type", "application/pkcs7-mime")
                .header("X-Bid-Signature", Base64.getEncoder().encodeToString(s.sign()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201) {
            throw new IllegalStateException("tampered bid refused: " + resp.statusCode() + " " + resp.body());
        }
    }

    private static byte[] zip(String price) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            z.putNextEntry(new ZipEntry("opening-form.json"));
            z.write(("{\"price\":\"" + price + "\"}").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return buf.toByteArray();
    }

    // ---------------------------------------------------------------- opening

    /** Deadline, online opening with every honest bidder decrypting with its tool, read-out, confirmation, signed record. */
    public void open(Tender t, List<String> bidders, List<String> tamperers) throws Exception {
        runPastDeadline(t);
        step("opening hall: bidders sign in, the host starts the opening");
        List<String> all = new ArrayList<>(bidders);
        all.addAll(tamperers);
        for (String b : all) {
            as(b, "POST", "/api/tenders/" + t.id() + "/opening/sign-in", null);
        }
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/opening/start", null);
        step("each bidder's tool unwraps its content key locally and hands it over (decryption)");
        for (String b : bidders) {
            tool(b, "decrypt", "--tender", "" + t.id(), "--lot", "1");
        }
        for (String b : tamperers) {
            // the tool refuses to hand over a key it cannot use; the bidder hands it over by hand and the failure is recorded
            try {
                tool(b, "decrypt", "--tender", "" + t.id(), "--lot", "1");
            } catch (IllegalStateException expected) {
                out.println("    " + b + ": decryption failed as expected (tampered ciphertext)");
            }
        }
        JsonNode hall = get("/api/tenders/" + t.id() + "/opening");
        if (hall.path("openedBids").asInt() < all.size()) {
            runUntil(t, Instant.parse(hall.get("decryptionEndsAt").asText()).plusSeconds(1), "the decryption window");
        }
        step("read-out, confirmation by the bidders, signed opening record");
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/opening/read-out", null);
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/opening/confirmation", null);
        for (String b : bidders) {
            as(b, "POST", "/api/tenders/" + t.id() + "/opening/lots/1/confirm", Map.of("kind", "CONFIRMED"));
        }
        JsonNode conf = get("/api/tenders/" + t.id() + "/opening");
        runUntil(t, Instant.parse(conf.get("confirmationEndsAt").asText()).plusSeconds(1), "the confirmation window");
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/opening/close", null);
        look("opening record (signed PDF, host, bidders)", "/api/tenders/" + t.id() + "/opening/record.pdf");
    }

    // ---------------------------------------------------------------- evaluation

    /** Committee draw, qualification review by every member, conclusion with the signed evaluation report. */
    public void evaluate(Tender t, String specialty, List<String> experts) throws Exception {
        step("committee draw (reproducible seed, conflicts excluded)");
        JsonNode committee = as(t.host(), "POST", "/api/tenders/" + t.id() + "/committee", Map.of("specialty", specialty));
        Map<Long, String> byId = new LinkedHashMap<>();
        for (String e : experts) {
            byId.put(as(e, "GET", "/api/me", null).get("id").asLong(), e);
        }
        List<String> sitting = new ArrayList<>();
        for (JsonNode m : committee.get("members")) {
            String e = byId.get(m.get("expertId").asLong());
            if (e == null) {
                throw new IllegalStateException("drawn expert " + m.get("expertId") + " is not a demo expert");
            }
            sitting.add(e);
        }
        step("qualification review by the " + sitting.size() + " members, conclusion, signed evaluation report");
        JsonNode bids = as(sitting.getFirst(), "GET", "/api/tenders/" + t.id() + "/evaluation/bids", null);
        for (String e : sitting) {
            for (JsonNode b : bids) {
                as(e, "POST", "/api/tenders/" + t.id() + "/evaluation/bids/" + b.get("bidId").asLong() + "/qualification",
                        Map.of("passed", true, "reason", "资格条件符合招标文件要求"));
            }
        }
        as(sitting.getFirst(), "POST", "/api/tenders/" + t.id() + "/evaluation/conclude", null);
        look("evaluation report (signed PDF, host)", "/api/tenders/" + t.id() + "/evaluation/report.pdf");
    }

    // ---------------------------------------------------------------- publicity, award, contract

    public void publicity(Tender t) throws Exception {
        step("publicity of the candidates");
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/publicity", null);
        look("publicity", "/api/tenders/" + t.id() + "/publicity");
    }

    public void award(Tender t) throws Exception {
        JsonNode p = get("/api/tenders/" + t.id() + "/publicity");
        runUntil(t, Instant.parse(p.get("endsAt").asText()).plusSeconds(1), "the publicity period");
        step("award: award notices and the result announcement (signed PDFs)");
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/award", null);
        look("result announcement", "/api/tenders/" + t.id() + "/award/announcement.pdf");
        look("award notice, lot 1 (winner, host)", "/api/tenders/" + t.id() + "/award/lots/1/notice.pdf");
    }

    public void contract(Tender t, String amount) throws Exception {
        step("contract signed and recorded");
        as(t.host(), "POST", "/api/tenders/" + t.id() + "/award/lots/1/contract", Map.of("amount", amount));
        look("tender page", "/tenders/" + t.id());
    }

    // ---------------------------------------------------------------- online bidding (网上竞价)

    /** Sets up a blind auction from now for 30 sandbox minutes, lets the bidders quote (signed), runs past its end, closes it. */
    public void auction(Tender t, Map<String, List<String>> quotes) throws Exception {
        step("online bidding: the host sets the auction up, bidders quote with signed statements");
        Instant start = sandboxNow(t).minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode setup = as(t.host(), "PUT", "/api/tenders/" + t.id() + "/auction", Map.of("startsAt", start.toString(),
                "endsAt", start.plus(Duration.ofMinutes(30)).toString(), "visibility", "RANK_AND_BEST_PRICE"));
        long auctionId = setup.get("auctionId").asLong();
        int rounds = quotes.values().stream().mapToInt(List::size).max().orElse(0);
        for (int round = 1; round <= rounds; round++) {
            for (var e : quotes.entrySet()) {
                if (round > e.getValue().size()) {
                    continue;
                }
                java.math.BigDecimal price = new java.math.BigDecimal(e.getValue().get(round - 1));
                PrivateKey signing = Pem.readPrivateKey(Files.readString(keysDir.resolve(e.getKey()).resolve("signing-key.pem")));
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(signing);
                // The quote statement names the lot and the bidder's organisation (read from its signing certificate).
                String org = cn.sunlight.crypto.PlatformCa.organisationCode(Pem.readCertificates(
                        Files.readString(keysDir.resolve(e.getKey()).resolve("signing-cert.pem"))).getFirst()).orElseThrow();
                s.update(cn.sunlight.auction.AuctionStatement.text(t.code(), 1, auctionId, org, round, price).getBytes(StandardCharsets.UTF_8));
                as(e.getKey(), "POST", "/api/tenders/" + t.id() + "/auction/bids", Map.of("price", price.toPlainString(), "round", round,
                        "signature", Base64.getEncoder().encodeToString(s.sign())));
            }
        }
        JsonNode view = as(t.host(), "GET", "/api/tenders/" + t.id() + "/auction", null);
        runUntil(t, Instant.parse(view.get("endsAt").asText()).plusSeconds(1), "the end of the online bidding");
        step("the auction closes itself at its end (clustered timer): ranking, award candidate, signed result record, replayable export");
        // The close timer fires at the real instant of the sandbox end; the host closes it only if it has not yet.
        for (int i = 0; i < 60 && !"CLOSED".equals(as(t.host(), "GET", "/api/tenders/" + t.id() + "/auction", null).path("phase").asText()); i++) {
            Thread.sleep(500);
        }
        if (!"CLOSED".equals(as(t.host(), "GET", "/api/tenders/" + t.id() + "/auction", null).path("phase").asText())) {
            as(t.host(), "POST", "/api/tenders/" + t.id() + "/auction/close", null);
        }
        look("result record (signed PDF, host)", "/api/tenders/" + t.id() + "/auction/result.pdf");
        look("export to replay (host)", "/api/tenders/" + t.id() + "/auction/export");
    }
}
