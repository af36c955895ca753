package cn.sunlight.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the server during one measured phase: heap used (sum of {@code jvm_memory_used_bytes{area="heap"}} from
 * {@code /q/metrics}) and RSS ({@code VmRSS} of {@code /proc/<pid>/status}) sampled every 100 ms, plus CPU and disk
 * counters read at the start and the end, and the GC log lines of the window (G1 prints heap before and after each
 * pause, so the pre-GC figure is the true peak between samples).
 */
final class ServerProbe implements AutoCloseable {

    private static final Pattern HEAP_LINE = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern GC_LINE = Pattern.compile("^\\[([^]]+)].*?GC\\(\\d+\\) (Pause [^(]+).*?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
    private static final DateTimeFormatter GC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final List<String> metricsUrls;
    private final long[] pids;
    private final List<Path> gcLogs;
    private final String diskDevice;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final AtomicBoolean running = new AtomicBoolean();
    private Thread sampler;
    private volatile long maxHeapSampled;
    private volatile long maxRss;
    private volatile int samples;
    private Instant startedAt;
    private Counters before;

    record Counters(long serverTicks, long[] cpu, long sectorsWritten, long selfCpuNanos, Map<Long, Long> databaseTicks,
                    Map<String, long[]> threadTicks) {

        /** CPU seconds used by everything else on the machine since {@code before} (other builds, tests). */
        double otherCpuSecondsSince(Counters before) {
            long busy = 0;
            for (int i = 0; i < cpu.length; i++) {
                if (i != 3 && i != 4) { // idle, iowait
                    busy += cpu[i] - before.cpu[i];
                }
            }
            long db = 0;
            for (Map.Entry<Long, Long> e : databaseTicks.entrySet()) {
                db += e.getValue() - before.databaseTicks.getOrDefault(e.getKey(), 0L);
            }
            return (busy - (serverTicks - before.serverTicks) - db) / 100.0 - (selfCpuNanos - before.selfCpuNanos) / 1e9;
        }
    }

    /** Server threads grouped by what they do; the CPU they used during the window. */
    static final List<String> THREAD_GROUPS = List.of("workers", "eventloop", "jit", "gc", "other");

    private static String group(String threadName) {
        if (threadName.startsWith("executor-thread")) {
            return "workers";
        }
        // /proc shows at most 15 characters of a thread name
        if (threadName.startsWith("vert.x-eventloo") || threadName.startsWith("vert.x-accepto")) {
            return "eventloop";
        }
        if (threadName.contains("CompilerThre")) {
            return "jit";
        }
        if (threadName.startsWith("GC ") || threadName.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }

    /** What the phase cost. Byte figures in bytes; CPU shares over the whole machine. */
    record Report(long heapSampledMax, long heapPreGcMax, long heapPostGcMax, int gcPauses, double gcPauseMs, long rssMax,
                  long rssHwm, double serverCpuSeconds, double clientCpuSeconds, double databaseCpuSeconds, double busyCpuSeconds,
                  double machineBusyShare, double ioWaitShare, double userShare, double systemShare, long diskBytesWritten,
                  int samples, Map<String, Double> threadCpuSeconds, int workerThreads, long voluntaryContextSwitches) {
    }

    /** The PostgreSQL backends serving this database (their command line names it) are counted separately. */
    private final String database;

    ServerProbe(String baseUrl, long pid, Path gcLog, String diskDevice, String database) {
        this(List.of(baseUrl), new long[]{pid}, gcLog == null ? List.of() : List.of(gcLog), diskDevice, database);
    }

    /**
     * Several server processes (instances of a cluster) seen as one server: CPU, RSS and heap are their sums (each
     * instance's heap from its own {@code /q/metrics}), GC pauses those of every log.
     */
    ServerProbe(List<String> baseUrls, long[] pids, List<Path> gcLogs, String diskDevice, String database) {
        this.database = database;
        this.metricsUrls = baseUrls.stream().map(u -> u + "/q/metrics").toList();
        this.pids = pids.clone();
        this.gcLogs = List.copyOf(gcLogs);
        this.diskDevice = diskDevice;
    }

    void start() {
        maxHeapSampled = 0;
        maxRss = 0;
        samples = 0;
        startedAt = Instant.now();
        before = counters();
        running.set(true);
        sampler = Thread.ofPlatform().name("server-probe").daemon().start(() -> {
            while (running.get()) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    Report stop() throws InterruptedException {
        running.set(false);
        sampler.join();
        sample();
        Counters after = counters();
        Instant endedAt = Instant.now();
        long hz = 100; // USER_HZ on Linux
        double serverCpu = (after.serverTicks - before.serverTicks) / (double) hz;
        double clientCpu = (after.selfCpuNanos - before.selfCpuNanos) / 1e9;
        long dbTicks = 0;
        for (Map.Entry<Long, Long> e : after.databaseTicks.entrySet()) {
            dbTicks += e.getValue() - before.databaseTicks.getOrDefault(e.getKey(), 0L);
        }
        double databaseCpu = dbTicks / (double) hz;
        long[] d = new long[after.cpu.length];
        long total = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = after.cpu[i] - before.cpu[i];
            total += d[i];
        }
        // /proc/stat cpu: user nice system idle iowait irq softirq steal ...
        double idle = total == 0 ? 0 : (double) d[3] / total;
        double iowait = total == 0 ? 0 : (double) d[4] / total;
        double user = total == 0 ? 0 : (double) (d[0] + d[1]) / total;
        double system = total == 0 ? 0 : (double) (d[2] + d[5] + d[6]) / total;
        long preGc = 0;
        long postGc = 0;
        int pauses = 0;
        double pauseMs = 0;
        for (Path gcLog : gcLogs) {
            if (!Files.exists(gcLog)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC_LINE.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    Instant at = OffsetDateTime.parse(m.group(1), GC_TIME).toInstant();
                    if (at.isBefore(startedAt) || at.isAfter(endedAt)) {
                        continue;
                    }
                    preGc = Math.max(preGc, Long.parseLong(m.group(3)) << 20);
                    postGc = Math.max(postGc, Long.parseLong(m.group(4)) << 20);
                    pauses++;
                    pauseMs += Double.parseDouble(m.group(6));
                }
            } catch (IOException e) {
                System.err.println("bench: cannot read the GC log: " + e);
            }
        }
        double busyCpu = (total - d[3] - d[4]) / (double) hz;
        Map<String, Double> byGroup = new LinkedHashMap<>();
        for (String g : THREAD_GROUPS) {
            byGroup.put(g, 0.0);
        }
        int workers = 0;
        for (Map.Entry<String, long[]> e : after.threadTicks.entrySet()) {
            long[] a = e.getValue();
            long[] b = before.threadTicks.getOrDefault(e.getKey(), new long[]{0, 0, 0});
            String g = group(e.getKey().substring(e.getKey().indexOf(' ') + 1));
            byGroup.merge(g, (a[0] - b[0]) / (double) hz, Double::sum);
            byGroup.merge(g + ".sys", (a[1] - b[1]) / (double) hz, Double::sum);
            if (g.equals("workers")) {
                workers++;
            }
        }
        return new Report(maxHeapSampled, Math.max(preGc, maxHeapSampled), postGc, pauses, pauseMs, maxRss,
                statusField("VmHWM"), serverCpu, clientCpu, databaseCpu, busyCpu, 1 - idle - iowait, iowait, user, system,
                (after.sectorsWritten - before.sectorsWritten) * 512, samples, byGroup, workers,
                after.threadTicks.values().stream().mapToLong(t -> t[2]).sum()
                        - before.threadTicks.values().stream().mapToLong(t -> t[2]).sum());
    }

    private void sample() {
        long sum = 0;
        for (String metricsUrl : metricsUrls) {
            try {
                String text = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = HEAP_LINE.matcher(text);
                while (m.find()) {
                    sum += (long) Double.parseDouble(m.group(1));
                }
            } catch (IOException e) {
                // a missed sample under load is tolerable
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sum > maxHeapSampled) {
            maxHeapSampled = sum;
        }
        long rss = statusField("VmRSS");
        if (rss > maxRss) {
            maxRss = rss;
        }
        samples++;
    }

    /** A {@code /proc/<pid>/status} field in bytes (the kernel reports kB), summed over the server's processes. */
    private long statusField(String name) {
        long sum = 0;
        for (long pid : pids) {
            sum += statusField(pid, name);
        }
        return sum;
    }

    private static long statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(name + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return 0;
    }

    private Counters counters() {
        long ticks = 0;
        Map<String, long[]> threads = new HashMap<>();
        for (long pid : pids) {
            ticks += cpuTicks(pid);
            threadTicks(pid).forEach((k, v) -> threads.put(pid + ":" + k, v));
        }
        Map<Long, Long> db = new HashMap<>();
        if (database != null) {
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.toList()) {
                    String name = proc.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String cmd = Files.readString(proc.resolve("cmdline"));
                        if (cmd.startsWith("postgres:") && cmd.contains(" " + database + " ")) {
                            db.put(Long.parseLong(name), cpuTicks(Long.parseLong(name)));
                        }
                    } catch (IOException e) {
                        // gone, or not ours to read
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
        }
        long[] cpu = new long[8];
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            for (int i = 0; i < cpu.length && i + 1 < f.length; i++) {
                cpu[i] = Long.parseLong(f[i + 1]);
            }
        } catch (IOException e) {
            // not Linux
        }
        long sectors = 0;
        if (diskDevice != null) {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/diskstats"));
                for (String line : lines) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[2].equals(diskDevice)) {
                        sectors = Long.parseLong(f[9]);
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
        }
        long self = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Counters(ticks, cpu, sectors, self, db, threads);
    }

    /** Per thread ("tid name"): {utime, stime} in clock ticks, voluntary context switches. */
    private static Map<String, long[]> threadTicks(long pid) {
        Map<String, long[]> out = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long switches = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    out.put(task.getFileName() + " " + name, new long[]{Long.parseLong(f[11]), Long.parseLong(f[12]), switches});
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat), in clock ticks. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process is gone
        }
    }

    /**
     * Waits (at most {@code maxWait}) until the rest of the machine is quiet: other processes used less than
     * {@code maxCores} cores over 2 seconds. The machine is shared; a measurement next to another test suite measures
     * that suite too. Returns the seconds waited.
     */
    double awaitQuiet(double maxCores, Duration maxWait) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        while (true) {
            Counters a = counters();
            Thread.sleep(2000);
            double other = counters().otherCpuSecondsSince(a) / 2.0;
            if (other < maxCores || System.nanoTime() > deadline) {
                return (System.nanoTime() - start) / 1e9;
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
    }
}
