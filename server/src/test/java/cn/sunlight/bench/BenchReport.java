package cn.sunlight.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one benchmark run (the {@code key=value} lines written by {@code run-all.sh} and {@link SubmissionBench})
 * as the Markdown section that {@code run-all.sh} prints and appends to {@code docs/benchmarks.md}.
 * Usage: {@code BenchReport RESULTS_FILE}. Later lines win when a key repeats.
 */
public final class BenchReport {

    private final Map<String, String> v = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();

    private BenchReport(List<String> lines) {
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
    }

    public static void main(String[] args) throws IOException {
        System.out.print(new BenchReport(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)).render());
    }

    private String render() {
        line("### Run of " + s("run.date"));
        line();
        line("- Command: `" + s("run.command") + "`" + (s("run.settings").isEmpty() ? "" : " with " + s("run.settings")));
        line("- Commit: `" + s("run.commit") + "`");
        line("- Machine: " + s("machine.nproc") + " × " + s("machine.cpu") + ", " + s("machine.ram") + " RAM, kernel " + s("machine.kernel"));
        line("- Disk (blob directory): " + s("machine.disk"));
        line("- JDK: " + s("machine.jdk") + "; " + s("machine.openssl") + "; PostgreSQL " + s("machine.postgres"));
        line("- Load average when the run started: " + s("machine.load"));
        line();

        String[] levels = s("run.concurrency").split(",");
        rush("rush", levels, "server `-Xmx" + s("run.rush_xmx") + "`");
        if (v.containsKey("cluster.bidders")) {
            rush("cluster", levels, "through HAProxy to two instances (each `-Xmx" + s("run.cluster_xmx")
                    + "`, shared database and blob directory; CPU, RSS and heap are the two instances' sums)");
        }

        line("#### One " + f0(d("large.envelope_bytes") / 1e6) + " MB sealed bid, server `-Xmx" + s("run.large_xmx") + "`");
        line();
        line("| result | time | MB/s | server heap peak / after GC | server RSS peak / VmHWM | server CPU s (workers / event loop / JIT / GC / other) | other processes CPU s |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        line("| " + s("large.status") + " | " + f1(d("large.wall_s")) + " s | " + f1(d("large.mb_per_s")) + " | "
                + f0(d("large.heap_peak_mib")) + " / " + f0(d("large.heap_after_gc_max_mib")) + " MiB | "
                + f0(d("large.rss_peak_mib")) + " / " + f0(d("large.rss_hwm_mib")) + " MiB | " + f1(d("large.server_cpu_s")) + " ("
                + threads("large") + ") | " + f1(d("large.other_cpu_s")) + " |");
        line();
        line("Before the large bid the same bidder sent ten 10 MiB bids to another lot (not measured) to warm the upload path up.");
        line();

        line("#### References measured in the same run");
        line();
        line("| reference | MB/s |");
        line("|---|---:|");
        line("| disk, `dd bs=1M count=2048 oflag=direct` on the blob file system | " + f0(d("ref.dd_direct_mb_per_s")) + " |");
        line("| disk, `dd bs=1M count=2048 conv=fdatasync` (page cache + fsync, like the blob store) | " + f0(d("ref.dd_fdatasync_mb_per_s")) + " |");
        line("| `openssl speed -evp aes-256-gcm -seconds 3`, 16384-byte blocks, 1 thread | " + f0(d("ref.openssl_aes256gcm_mb_per_s")) + " |");
        line("| `openssl speed -evp sha256 -seconds 3`, 16384-byte blocks, 1 thread | " + f0(d("ref.openssl_sha256_mb_per_s")) + " |");
        line("| JDK SHA-256 (" + s("jdk.sha256_provider") + "), 64 KiB updates, 1 thread: the server's hash | " + f0(d("jdk.sha256_mb_per_s")) + " |");
        line("| JDK AES-256-GCM (" + s("jdk.aes256gcm_provider") + "), 64 KiB updates, 1 thread: the sealer's cipher | " + f0(d("jdk.aes256gcm_mb_per_s")) + " |");
        line();

        line("#### Ratios");
        line();
        StringBuilder header = new StringBuilder("| submission MB/s ÷ … |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String c : levels) {
            header.append(" concurrency ").append(c).append(" |");
            rule.append("---:|");
        }
        header.append(" 1 large bid |");
        rule.append("---:|");
        if (v.containsKey("cluster.bidders")) {
            for (String c : levels) {
                header.append(" two instances, concurrency ").append(c).append(" |");
                rule.append("---:|");
            }
        }
        line(header.toString());
        line(rule.toString());
        ratioRow(levels, "disk MB/s (dd oflag=direct)", "ref.dd_direct_mb_per_s");
        ratioRow(levels, "disk MB/s (dd conv=fdatasync)", "ref.dd_fdatasync_mb_per_s");
        ratioRow(levels, "AES-256-GCM MB/s (openssl, 1 thread)", "ref.openssl_aes256gcm_mb_per_s");
        ratioRow(levels, "SHA-256 MB/s (openssl, 1 thread)", "ref.openssl_sha256_mb_per_s");
        line();
        targets(levels);
        return md.toString();
    }

    /** The rush table of one configuration ({@code p}: "rush" one instance, "cluster" two behind HAProxy). */
    private void rush(String p, String[] levels, String where) {
        line("#### Deadline rush: " + s(p + ".bidders") + " bidders, one " + mb(d(p + ".envelope_bytes")) + " MB sealed bid each ("
                + s("run.bid_mib") + " MiB filler), " + where);
        line();
        StringBuilder header = new StringBuilder("| |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String c : levels) {
            header.append(" concurrency ").append(c).append(" |");
            rule.append("---:|");
        }
        line(header.toString());
        line(rule.toString());
        row(p, levels, "accepted (HTTP 201, receipt checked)", k -> s(k + ".accepted") + " / " + s(p + ".bidders"));
        row(p, levels, "wall time, first request to last receipt", k -> f1(d(k + ".wall_s")) + " s");
        row(p, levels, "**accepted bids/s**", k -> "**" + f1(d(k + ".bids_per_s")) + "**");
        row(p, levels, "**MB/s received** (10⁶ B/s of envelope)", k -> "**" + f1(d(k + ".mb_per_s")) + "**");
        row(p, levels, "latency per upload p50 / p99", k -> f0(d(k + ".latency_p50_ms")) + " / " + f0(d(k + ".latency_p99_ms")) + " ms");
        row(p, levels, "latency min / max", k -> f0(d(k + ".latency_min_ms")) + " / " + f0(d(k + ".latency_max_ms")) + " ms");
        row(p, levels, "server heap peak (pre-GC, GC log) / max after a GC (bounds what is retained)", k -> f0(d(k + ".heap_peak_mib")) + " / "
                + f0(d(k + ".heap_after_gc_max_mib")) + " MiB");
        row(p, levels, "server heap max sampled from /q/metrics", k -> f0(d(k + ".heap_sampled_max_mib")) + " MiB");
        row(p, levels, "server RSS peak (sampled) / VmHWM", k -> f0(d(k + ".rss_peak_mib")) + " / " + f0(d(k + ".rss_hwm_mib")) + " MiB");
        row(p, levels, "GC pauses (count, total)", k -> s(k + ".gc_pauses") + ", " + f0(d(k + ".gc_pause_ms")) + " ms");
        row(p, levels, "CPU s: server / PostgreSQL / client", k -> f1(d(k + ".server_cpu_s")) + " / " + f1(d(k + ".database_cpu_s"))
                + " / " + f1(d(k + ".client_cpu_s")));
        row(p, levels, "server CPU s by thread: workers / event loop / JIT / GC / other", this::threads);
        row(p, levels, "server worker threads that ran", k -> s(k + ".worker_threads"));
        row(p, levels, "server voluntary context switches per MB received", k -> f0(d(k + ".context_switches") / (d(k + ".mb_per_s") * d(k + ".wall_s"))));
        row(p, levels, "CPU s used by other processes (interference)", k -> f1(d(k + ".other_cpu_s"))
                + (d(k + ".quiet_wait_s") > 3 ? " (waited " + f0(d(k + ".quiet_wait_s")) + " s for quiet first)" : ""));
        row(p, levels, "machine CPU busy / iowait", k -> f0(d(k + ".machine_busy_pct")) + " % / " + f0(d(k + ".iowait_pct")) + " %");
        row(p, levels, "server CPU per GB received", k -> f2(d(k + ".server_cpu_s") / (d(k + ".mb_per_s") * d(k + ".wall_s") / 1000)) + " s");
        row(p, levels, "disk writes during the phase (/proc/diskstats, whole machine)", k -> f0(d(k + ".disk_written_mb")) + " MB");
        // Derived, not measured: if server, PostgreSQL and client had both cores to themselves at the same CPU cost per GB.
        row(p, levels, "*estimate*: MB/s if the bench had all " + s("machine.nproc") + " cores (CPU-bound, same cost per GB)", k -> f0(
                Double.parseDouble(s("machine.nproc")) * 1000 / ((d(k + ".server_cpu_s") + d(k + ".database_cpu_s") + d(k + ".client_cpu_s"))
                        / (d(k + ".mb_per_s") * d(k + ".wall_s") / 1000))));
        line();
        line("Set-up over HTTP (accounts, certificates, tender, registrations): " + f0(d(p + ".setup_s")) + " s; building the "
                + s(p + ".bidders") + " bids for one level (zip, seal, hash, sign): " + f1(d(p + ".c" + levels[0] + ".build_s"))
                + " s. Before the measured levels, " + s(p + ".warmup_bids") + " bidders sent a bid of the same size each to another lot"
                + " (not measured) so that the upload path is compiled, as on a server that has been running.");
        line();

    }

    /** user + system CPU seconds per server thread group. */
    private String threads(String k) {
        List<String> parts = new ArrayList<>();
        for (String g : List.of("workers", "eventloop", "jit", "gc", "other")) {
            parts.add(f1(d(k + ".threads." + g + "_cpu_s") + d(k + ".threads." + g + ".sys_cpu_s")));
        }
        return String.join(" / ", parts);
    }

    private void ratioRow(String[] levels, String label, String reference) {
        StringBuilder r = new StringBuilder("| ").append(label).append(" |");
        for (String c : levels) {
            r.append(' ').append(f2(d("rush.c" + c + ".mb_per_s") / d(reference))).append(" |");
        }
        r.append(' ').append(f2(d("large.mb_per_s") / d(reference))).append(" |");
        if (v.containsKey("cluster.bidders")) {
            for (String c : levels) {
                r.append(' ').append(f2(d("cluster.c" + c + ".mb_per_s") / d(reference))).append(" |");
            }
        }
        line(r.toString());
    }

    private double cpuPerGb(String k) {
        return d(k + ".server_cpu_s") / (d(k + ".mb_per_s") * d(k + ".wall_s") / 1000);
    }

    /** Issue 14 item 3's targets, each measured figure against its limit from the same run. */
    private void targets(String[] levels) {
        line("#### Targets (issue 14, item 3)");
        line();
        line("| target | measured | met |");
        line("|---|---:|:---:|");
        List<String> configs = v.containsKey("cluster.bidders") ? List.of("rush", "cluster") : List.of("rush");
        for (String p : configs) {
            String who = p.equals("rush") ? "one instance" : "two instances";
            for (String c : levels) {
                String k = p + ".c" + c;
                double cpu = cpuPerGb(k);
                target("server CPU ≤ 2 CPU-s per GB, " + who + ", concurrency " + c, f2(cpu) + " s", cpu <= 2);
                double ratio = d(k + ".mb_per_s") / d("ref.dd_fdatasync_mb_per_s");
                target("throughput ≥ 0.70 × `dd conv=fdatasync`, " + who + ", concurrency " + c, f2(ratio), ratio >= 0.70);
                if (c.equals("50")) {
                    double p99 = d(k + ".latency_p99_ms");
                    target("p99 < 2 s at 50 at a time, " + who, f0(p99) + " ms", p99 < 2000);
                }
            }
        }
        String xmx = s("run.rush_xmx");
        for (String c : levels) {
            target("the rush within `-Xmx" + xmx + "`, concurrency " + c + ": all accepted, heap peak", s("rush.c" + c + ".accepted") + " / "
                    + s("rush.bidders") + ", " + f0(d("rush.c" + c + ".heap_peak_mib")) + " MiB", s("rush.c" + c + ".accepted").equals(s("rush.bidders")));
        }
        target("the 1 GB bid within `-Xmx" + s("run.large_xmx") + "`", s("large.status") + ", heap peak " + f0(d("large.heap_peak_mib")) + " MiB",
                s("large.status").equals("201"));
        if (configs.size() == 2) {
            for (String c : levels) {
                double rel = d("cluster.c" + c + ".mb_per_s") / d("rush.c" + c + ".mb_per_s");
                target("two instances within 15 % of one: MB/s ratio, concurrency " + c, f2(rel), rel >= 0.85);
                double cpuRel = cpuPerGb("cluster.c" + c) / cpuPerGb("rush.c" + c);
                target("two instances within 15 % of one: CPU per GB ratio, concurrency " + c, f2(cpuRel), cpuRel <= 1.15);
            }
        }
        line();
    }

    private void target(String label, String measured, boolean met) {
        line("| " + label + " | " + measured + " | " + (met ? "yes" : "**no**") + " |");
    }

    private void row(String p, String[] levels, String label, java.util.function.Function<String, String> cell) {
        List<String> cells = new ArrayList<>();
        for (String c : levels) {
            cells.add(cell.apply(p + ".c" + c));
        }
        line("| " + label + " | " + String.join(" | ", cells) + " |");
    }

    private String s(String key) {
        return v.getOrDefault(key, "");
    }

    private double d(String key) {
        try {
            return Double.parseDouble(v.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String mb(double bytes) {
        return f1(bytes / 1e6);
    }

    private static String f0(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.0f", x);
    }

    private static String f1(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.1f", x);
    }

    private static String f2(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? "n/a" : String.format(Locale.ROOT, "%.2f", x);
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}
