package org.safeguarding.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Waits until the gateway and its PostgreSQL are idle before a throughput phase, so that START and END compare the same
 * state: after the soak's million lookups PostgreSQL's autovacuum rewrites the visibility maps of the tables that grew,
 * for minutes on two cores, and a phase measured meanwhile measures that, not the store's size. Busy is read from /proc
 * (CPU time of the gateway's java process and of the postmaster and every process it started).
 */
final class Quiet {

    /** Below this many cores busy, twice in a row, the stack is idle (its schedulers poll, so never quite zero). */
    private static final double IDLE_CORES = 0.15;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final long TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat's times, on Linux

    /** What the wait saw: how long it took, the busiest window, and whether autovacuum was at work. */
    record Waited(double seconds, double busiestCores, int autovacuumWorkersSeen, boolean idle) {
        String describe() {
            return String.format("waited %.0f s for the gateway and PostgreSQL to be idle (busiest window %.2f cores; autovacuum workers seen: %d)%s",
                    seconds, busiestCores, autovacuumWorkersSeen, idle ? "" : "  <-- NOT IDLE within the limit: measured busy");
        }
    }

    private final Path postmasterPidFile;
    private final String gatewayJar;

    Quiet(Path data, String gatewayJar) {
        this.postmasterPidFile = data.resolve("postgres/cluster/postmaster.pid");
        this.gatewayJar = gatewayJar;
    }

    Waited await(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        double busiest = 0;
        int autovacuum = 0;
        int idleWindows = 0;
        long ticks = ticks();
        while (System.nanoTime() - start < limit.toNanos()) {
            Thread.sleep(WINDOW.toMillis());
            long now = ticks();
            double cores = (now - ticks) / (double) TICKS_PER_SECOND / WINDOW.toSeconds();
            ticks = now;
            busiest = Math.max(busiest, cores);
            autovacuum = Math.max(autovacuum, autovacuumWorkers());
            idleWindows = cores < IDLE_CORES ? idleWindows + 1 : 0;
            if (idleWindows == 2) {
                return new Waited((System.nanoTime() - start) / 1e9, busiest, autovacuum, true);
            }
        }
        return new Waited((System.nanoTime() - start) / 1e9, busiest, autovacuum, false);
    }

    private long ticks() {
        return watched().stream().mapToLong(Quiet::cpuTicks).sum();
    }

    private int autovacuumWorkers() {
        return (int) watched().stream().filter(pid -> cmdline(pid).startsWith("postgres: autovacuum worker")).count();
    }

    /** The gateway's process, the postmaster, and the postmaster's children (backends, autovacuum, checkpointer, WAL writer). */
    private List<Long> watched() {
        List<Long> pids = new ArrayList<>();
        long postmaster = postmaster();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).map(Long::parseLong).forEach(pid -> {
                if (pid == postmaster || parent(pid) == postmaster || cmdline(pid).contains("-jar " + gatewayJar)) {
                    pids.add(pid);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    private long postmaster() {
        try {
            return Long.parseLong(Files.readAllLines(postmasterPidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields after the command's closing parenthesis: state is [0], ppid [1], utime [11], stime [12]. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile
        }
    }

    private static long parent(long pid) {
        String[] f = stat(pid);
        return f == null ? -2 : Long.parseLong(f[1]);
    }

    private static long cpuTicks(long pid) {
        String[] f = stat(pid);
        return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
