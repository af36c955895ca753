package cn.sunlight.demo;

import cn.sunlight.demo.SandboxTrade.Tender;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code .ci/sunlight walkthrough}: one sandbox tender driven through its whole life over the API of a running demo
 * (issue 18) — publish, register, three bids sealed and submitted with the bidder tool, deadline, opening with
 * decryption, committee draw, review, report, publicity, award, contract — printing each step and the portal pages to
 * look at. It then checks every receipt with the bidder tool ({@code verify-receipt}) and writes the signed PDFs and the
 * log export into the output folder, where the launcher checks them with pdfsig and {@code verify-log}.
 * Plain Java: {@code java -cp 'server/target/quarkus-app/app/*:server/target/quarkus-app/lib/main/*' cn.sunlight.demo.Walkthrough
 * [--server URL] [--keys DIR] [--out DIR]}.
 */
public final class Walkthrough {

    private Walkthrough() {
    }

    public static void main(String[] args) throws Exception {
        String server = "http://localhost:8080";
        Path keys = Path.of("var/demo-keys");
        Path outDir = Path.of("var/walkthrough");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--server" -> server = args[i + 1];
                case "--keys" -> keys = Path.of(args[i + 1]);
                case "--out" -> outDir = Path.of(args[i + 1]);
                default -> {
                    System.err.println("usage: Walkthrough [--server URL] [--keys DIR] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            run(URI.create(server), keys, outDir, out);
        } catch (Exception e) {
            out.println("✗ walkthrough failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the walkthrough; returns the tender it drove. Fails (throws) at the first step the platform refuses. */
    public static Tender run(URI server, Path keys, Path outDir, PrintStream out) throws Exception {
        Instant started = Instant.now();
        SandboxTrade trade = new SandboxTrade(server, keys, out);
        Files.createDirectories(outDir);
        try (Stream<Path> old = Files.list(outDir)) {
            for (Path p : old.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        Path bids = Files.createDirectories(outDir.resolve("bids"));

        trade.step("publish: the tenderer creates a sandbox tender (its own clock, never in the public lists) and publishes it");
        long project = trade.project("tenderer", "沙箱演练项目 " + started, null);
        Tender t = trade.create("tenderer", project, "沙箱演练：社区服务中心施工（walkthrough）", "ENGINEERING", "OPEN", "12000000",
                "11800000", "200000", "LOWEST_EVALUATED_PRICE", List.of(Map.of("name", "施工总承包", "budget", "12000000")));
        out.println("    tender " + t.code() + " (id " + t.id() + ")");
        trade.look("tender page", "/tenders/" + t.id());
        trade.look("announcement (PDF, says 沙箱 SANDBOX)", "/api/tenders/" + t.id() + "/announcement.pdf");
        trade.look("sandbox list", "/api/sandbox/tenders");

        trade.step("register: bidder1, bidder2, bidder3");
        trade.register(t, "bidder1", "bidder2", "bidder3");
        trade.step("seal and submit three bids with the bidder tool (receipts with RFC 3161 time stamps)");
        List<Path> folders = new ArrayList<>();
        folders.add(trade.submit(t, "bidder1", 1, "11200000.00", bids));
        folders.add(trade.submit(t, "bidder2", 1, "11350000.00", bids));
        folders.add(trade.submit(t, "bidder3", 1, "11480000.00", bids));
        trade.look("bidder1's bids and receipts (sign in as bidder1)", "/bidder/tenders/" + t.id());

        trade.step("deadline: the sandbox clock runs until the platform's deadline timer closes submission");
        trade.open(t, List.of("bidder1", "bidder2", "bidder3"), List.of());
        trade.look("opening as read out", "/tenders/" + t.id() + "/opening");
        trade.evaluate(t, DemoStages.SPECIALTY, DemoStages.EXPERTS);
        trade.publicity(t);
        trade.award(t);
        trade.contract(t, "11200000.00");

        out.println("✓ publication to contract in " + Duration.between(started, Instant.now()).toSeconds() + " s");
        save(trade, outDir, "ca.pem", null, "/api/pki/ca.pem");
        trade.step("verify: every receipt with the bidder tool (verify-receipt --ca, the platform CA)");
        int receipts = 0;
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path r : files.filter(f -> f.getFileName().toString().startsWith("receipt-")).toList()) {
                    String user = folder.getFileName().toString().split("-")[0];
                    out.println(indent(trade.tool(user, "verify-receipt", r.toString(), "--ca", outDir.resolve("ca.pem").toString())));
                    // the receipt names its audit event: its inclusion proof goes to verify-log with the log export
                    long event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.toFile()).path("content")
                            .path("auditEventId").asLong();
                    save(trade, outDir, "inclusion-" + event + ".json", null, "/api/log/events/" + event + "/proof");
                    receipts++;
                }
            }
        }
        if (receipts < 3) {
            throw new IllegalStateException("expected three receipts, found " + receipts);
        }
        trade.step("save the signed PDFs and the audit log export for pdfsig and verify-log");
        save(trade, outDir, "opening-record.pdf", "tenderer", "/api/tenders/" + t.id() + "/opening/record.pdf");
        save(trade, outDir, "evaluation-report.pdf", "tenderer", "/api/tenders/" + t.id() + "/evaluation/report.pdf");
        save(trade, outDir, "award-announcement.pdf", null, "/api/tenders/" + t.id() + "/award/announcement.pdf");
        save(trade, outDir, "award-notice.pdf", "tenderer", "/api/tenders/" + t.id() + "/award/lots/1/notice.pdf");
        save(trade, outDir, "announcement.pdf", null, "/api/tenders/" + t.id() + "/announcement.pdf");
        save(trade, outDir, "log.json", null, "/api/log/export");
        Files.writeString(outDir.resolve("log-key.txt"), trade.get("/api/log/keys").get("logVerifierKey").asText());
        out.println("✓ tender " + t.code() + " went from publication to contract in "
                + Duration.between(started, Instant.now()).toSeconds() + " s; artefacts in " + outDir.toAbsolutePath());
        return t;
    }

    private static void save(SandboxTrade trade, Path dir, String name, String user, String path) throws Exception {
        Files.write(dir.resolve(name), trade.bytes(user, path));
    }

    private static String indent(String text) {
        return ("      " + text.strip()).replace("\n", "\n      ");
    }
}
