package cn.sunlight.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * What one upload costs the server in CPU-seconds, split into a fixed part per bid and a part per GB received (issue 14,
 * item 3). CPU-seconds, unlike wall time, hardly depend on what else runs on the machine, so this can be measured on a
 * shared machine. After the set-up, rounds of one bid per bidder alternate between a small and a large envelope
 * (--sizes, MiB of filler); each round's server CPU (the process, and by thread group) is read from /proc before and
 * after. The last two rounds of each size (the server warm by then) give, by group, {@code cpu = bids × fixed + GB ×
 * perGb}. The server's /q/metrics is not scraped (a scrape costs the server CPU too).
 *
 * <pre>
 * SubmissionBench cost --url URL --pid PID --work DIR --out FILE [--bidders 20] [--rounds 10] [--sizes 1,16]
 *                      [--concurrency 4] [--database DB]
 * </pre>
 */
final class CostBench {

    private static final long MIB = 1L << 20;
    private final SubmissionBench b;

    CostBench(SubmissionBench bench) {
        this.b = bench;
    }

    record Round(int index, long fillerMib, int bids, long bytes, double serverCpu, Map<String, Double> byGroup) {
    }

    void run() throws Exception {
        int bidders = Integer.parseInt(b.args.getOrDefault("bidders", "20"));
        int rounds = Integer.parseInt(b.args.getOrDefault("rounds", "10"));
        int concurrency = Integer.parseInt(b.args.getOrDefault("concurrency", "4"));
        long[] sizes = Arrays.stream(b.args.getOrDefault("sizes", "1,16").split(",")).mapToLong(Long::parseLong).toArray();
        if (sizes.length != 2 || sizes[0] >= sizes[1] || rounds < 4) {
            throw new IllegalArgumentException("--sizes SMALL,LARGE (MiB, SMALL < LARGE) and --rounds 4 or more");
        }
        long pid = Long.parseLong(b.required("pid"));
        SubmissionBench.Fixture f = b.setup(bidders, 4);
        b.log.printf("bench: cost: tender %s, %d bidders; %d rounds alternating %d and %d MiB, %d at a time%n", f.code(), bidders,
                rounds, sizes[0], sizes[1], concurrency);
        InetSocketAddress server = b.address();
        String path = "/api/tenders/" + f.tenderId() + "/lots/2/bids";
        List<Round> done = new ArrayList<>();
        try (ServerProbe probe = new ServerProbe(List.of(), new long[]{pid}, List.of(), null, b.args.get("database"))) {
            for (int r = 0; r < rounds; r++) {
                long mib = sizes[r % 2];
                Path dir = Files.createDirectories(b.work.resolve("cost-" + r));
                List<BidBuilder.Bid> bids = b.buildBids(f, 2, mib * MIB, dir);
                Thread.sleep(500); // the server's background work after the previous round (log sequencing) settles
                probe.start();
                upload(server, path, f, bids, concurrency);
                ServerProbe.Report report = probe.stop();
                long bytes = bids.stream().mapToLong(BidBuilder.Bid::size).sum();
                for (BidBuilder.Bid bid : bids) {
                    Files.deleteIfExists(bid.envelope());
                }
                Round round = new Round(r + 1, mib, bids.size(), bytes, report.serverCpuSeconds(), report.threadCpuSeconds());
                done.add(round);
                b.log.printf(Locale.ROOT, "bench: cost round %d: %d × %d MiB, server %.2f CPU-s (%.1f ms per bid, %.2f CPU-s per GB) %s%n",
                        round.index(), bids.size(), mib, round.serverCpu(), 1000 * round.serverCpu() / bids.size(),
                        round.serverCpu() / (bytes / 1e9), groups(round.byGroup()));
                b.record("cost.round" + round.index() + ".filler_mib", mib);
                b.record("cost.round" + round.index() + ".bids", bids.size());
                b.record("cost.round" + round.index() + ".bytes", bytes);
                b.record("cost.round" + round.index() + ".server_cpu_s", round.serverCpu());
                for (Map.Entry<String, Double> e : round.byGroup().entrySet()) {
                    b.record("cost.round" + round.index() + ".threads." + e.getKey() + "_cpu_s", e.getValue());
                }
            }
        }
        fit(done);
    }

    /** Per group: cpu = bids × fixed + GB × perGb, from the last two rounds of each size. */
    private void fit(List<Round> rounds) throws Exception {
        List<Round> small = rounds.stream().filter(r -> r.index() % 2 == 1).toList();
        List<Round> large = rounds.stream().filter(r -> r.index() % 2 == 0).toList();
        small = small.subList(small.size() - 2, small.size());
        large = large.subList(large.size() - 2, large.size());
        Map<String, Double> fixedMs = new LinkedHashMap<>();
        Map<String, Double> perGb = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(List.of("server"));
        keys.addAll(rounds.getFirst().byGroup().keySet().stream().filter(k -> !k.contains(".")).toList());
        for (String k : keys) {
            double cs = small.stream().mapToDouble(r -> cpu(r, k)).sum(), cl = large.stream().mapToDouble(r -> cpu(r, k)).sum();
            double ns = small.stream().mapToInt(Round::bids).sum(), nl = large.stream().mapToInt(Round::bids).sum();
            double gs = small.stream().mapToLong(Round::bytes).sum() / 1e9, gl = large.stream().mapToLong(Round::bytes).sum() / 1e9;
            // two equations (small, large): c = n·a + g·p
            double p = (cl / nl - cs / ns) / (gl / nl - gs / ns);
            double a = (cs - gs * p) / ns;
            fixedMs.put(k, 1000 * a);
            perGb.put(k, p);
            b.record("cost.fixed_ms_per_bid." + k, 1000 * a);
            b.record("cost.cpu_s_per_gb." + k, p);
        }
        Round last = large.getLast();
        double perGbAtLarge = last.serverCpu() / (last.bytes() / 1e9);
        b.record("cost.large_round_cpu_s_per_gb", perGbAtLarge);
        b.log.printf(Locale.ROOT, "bench: cost: fixed per bid %s ms; per GB %s CPU-s; a %d MiB round as a whole: %.2f CPU-s per GB%n",
                fmt(fixedMs, "%.1f"), fmt(perGb, "%.2f"), last.fillerMib(), perGbAtLarge);
    }

    private static double cpu(Round r, String key) {
        return key.equals("server") ? r.serverCpu() : r.byGroup().getOrDefault(key, 0.0);
    }

    private static String groups(Map<String, Double> g) {
        StringBuilder sb = new StringBuilder("(");
        g.forEach((k, v) -> {
            if (!k.contains(".")) {
                sb.append(sb.length() > 1 ? ", " : "").append(k).append(' ').append(String.format(Locale.ROOT, "%.2f", v));
            }
        });
        return sb.append(')').toString();
    }

    private static String fmt(Map<String, Double> m, String f) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, f, v)));
        return sb.toString();
    }

    private void upload(InetSocketAddress server, String path, SubmissionBench.Fixture f, List<BidBuilder.Bid> bids, int concurrency)
            throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService exec = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("cost-upload-", 0).factory())) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < bids.size(); i++) {
                int idx = i;
                results.add(exec.submit(() -> {
                    permits.acquire();
                    try {
                        return b.receiptProblem(b.upload(server, path, f.bidders().get(idx), bids.get(idx)), bids.get(idx), f.code());
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<String> r : results) {
                String problem = r.get();
                if (problem != null) {
                    throw new IllegalStateException("a bid was not accepted: " + problem);
                }
            }
        }
    }
}
