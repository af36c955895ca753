package cn.sunlight.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent over a measured window, load-insensitive (CPU seconds, not wall time): every JVM thread's CPU time
 * grouped by what the thread does (server event loops, server workers, the auction's own threads, the benchmark's
 * client), the whole JVM process (the rest: JIT, GC), and PostgreSQL (the backends connected to the benchmark's
 * database, and the shared WAL writer). Divided by the quotes of the window it is the CPU-µs a quote costs.
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private final String database;
    /** Threads of the benchmark's own Vert.x client (named like the server's event loops, so told apart by id). */
    private final java.util.Set<Long> clientThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<Long, long[]> startThreads = new HashMap<>(); // id -> {cpu}
    private final Map<Long, String> names = new HashMap<>();
    private long startProcess;
    private Map<String, Long> startPg;

    CpuMeter(String database) {
        this.database = database;
    }

    CpuMeter client(java.util.Collection<Long> threadIds) {
        clientThreads.addAll(threadIds);
        return this;
    }

    /** What a thread's CPU counts as: the server's or the benchmark client's, by the names the two give their threads. */
    static String group(String name) {
        if (name.startsWith("vert.x-eventloop")) {
            return "server: event loops (HTTP, JWT, JSON, WebSocket)";
        }
        if (name.startsWith("executor-thread") || name.startsWith("vert.x-worker")) {
            return "server: workers (resource, checks, verification, session)";
        }
        if (name.startsWith("auction-sequencer")) {
            return "server: sequencers";
        }
        if (name.startsWith("auction-committer")) {
            return "server: committer";
        }
        if (name.startsWith("auction-hall") || name.startsWith("cluster-events")) {
            return "server: fan-out (NOTIFY listener, hall)";
        }
        if (name.startsWith("auction-") || name.startsWith("agroal") || name.startsWith("Quartz") || name.startsWith("quarkus")
                || name.startsWith("ForkJoinPool.commonPool")) {
            return "server: other threads";
        }
        if (name.startsWith("ForkJoinPool-") || name.startsWith("HttpClient") || name.startsWith("pool-") || name.startsWith("bench")) {
            return "client (benchmark bidders and watchers)";
        }
        return "other JVM threads (" + name.replaceAll("[0-9]+", "#") + ")";
    }

    void start() {
        startThreads.clear();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            var info = THREADS.getThreadInfo(id);
            if (cpu >= 0 && info != null) {
                startThreads.put(id, new long[]{cpu});
                names.put(id, info.getThreadName());
            }
        }
        startProcess = processNanos();
        startPg = postgresNanos();
    }

    /** CPU nanoseconds per group since {@link #start()}, with the process's unattributed rest and PostgreSQL's. */
    Map<String, Long> stop() {
        Map<String, Long> out = new TreeMap<>();
        long threads = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            var info = THREADS.getThreadInfo(id);
            if (cpu < 0 || info == null) {
                continue;
            }
            long before = startThreads.containsKey(id) ? startThreads.get(id)[0] : 0;
            long d = cpu - before;
            threads += d;
            out.merge(clientThreads.contains(id) ? "client (benchmark bidders and watchers)" : group(info.getThreadName()), d, Long::sum);
        }
        long process = processNanos() - startProcess;
        out.put("jvm: JIT, GC, threads ended in the window", Math.max(0, process - threads));
        Map<String, Long> pg = postgresNanos();
        for (var e : pg.entrySet()) { // per process: one that started in the window counts whole, one that ended is lost
            String group = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            out.merge(group, e.getValue() - startPg.getOrDefault(e.getKey(), 0L), Long::sum);
        }
        return out;
    }

    static String report(String label, Map<String, Long> cpu, long quotes, double seconds) {
        StringBuilder b = new StringBuilder();
        long total = cpu.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> ordered = new LinkedHashMap<>();
        cpu.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).forEach(e -> ordered.put(e.getKey(), e.getValue()));
        b.append(String.format(Locale.ROOT, "CPU %s requests=%d seconds=%.1f total_cpu_s=%.2f (%.2f cores) us_per_request=%.0f%n",
                label, quotes, seconds, total / 1e9, total / 1e9 / seconds, quotes == 0 ? 0 : total / 1e3 / quotes));
        for (var e : ordered.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "CPU %s   %-62s %9.0f us/request %5.1f%%%n", label, e.getKey(),
                    quotes == 0 ? 0 : e.getValue() / 1e3 / quotes, 100.0 * e.getValue() / Math.max(1, total)));
        }
        return b.toString();
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of the PostgreSQL backends serving the benchmark's database, and of the WAL writer (shared). */
    private Map<String, Long> postgresNanos() {
        Map<String, Long> out = new HashMap<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String key;
                    if (cmd.startsWith("postgres:") && cmd.contains(" " + database + " ")) {
                        key = "postgresql: backends of the benchmark database";
                    } else if (cmd.startsWith("postgres:") && cmd.contains("walwriter")) {
                        key = "postgresql: WAL writer (shared with other databases)";
                    } else {
                        continue;
                    }
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                    out.put(pid + " " + key, ticks * TICK_NANOS);
                } catch (Exception gone) {
                    // the process ended or is not readable: not counted
                }
            }
        } catch (Exception e) {
            // no /proc: PostgreSQL not counted
        }
        return out;
    }
}
