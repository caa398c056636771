package io.migd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Interference check: how much of the server CPU was used by processes other than the servers under test during a
 * measurement ({@code /proc/stat} busy ticks of that CPU minus the servers' own ticks from {@code /proc/PID/stat}).
 * A shared machine (a build running next to the bench) shows up here instead of silently skewing the figures.
 * Interrupt and softirq time is not counted as interference (loopback traffic of the bench itself lands there).
 */
final class Cpu {

    /** /proc ticks per second (USER_HZ: 100 on Linux) */
    static final double HZ = 100;

    private final String cpu;
    private final Collection<Proc> servers;
    private long busy0;
    private long total0;
    private long own0;

    Cpu(String cpuIndex, Collection<Proc> servers) {
        this.cpu = "cpu" + cpuIndex;
        this.servers = servers;
    }

    Cpu start() {
        long[] s = cpuTicks(cpu);
        busy0 = s[0];
        total0 = s[1];
        own0 = ownTicks();
        return this;
    }

    /** Fraction (0..1) of the CPU's time used by other processes since {@link #start()}. */
    double foreignShare() {
        long[] s = cpuTicks(cpu);
        long total = s[1] - total0;
        if (total <= 0) {
            return 0;
        }
        long foreign = (s[0] - busy0) - (ownTicks() - own0);
        return Math.max(0, (double) foreign / total);
    }

    /**
     * CPU ticks used so far by the load side on the load CPU: this driver (with its Vert.x and jnats clients) and the
     * processes it started there (nats-server).
     */
    static long loadSideTicks() {
        long sum = procTicks(ProcessHandle.current().pid());
        for (Proc p : Proc.ALL) {
            if (p.onLoadCpu) {
                sum += procTicks(p.pid());
            }
        }
        return sum;
    }

    /** Busy fraction of all CPUs over {@code millis} (before a run: is the machine quiet?). */
    static double machineBusy(long millis) throws InterruptedException {
        long[] a = cpuTicks("cpu");
        Thread.sleep(millis);
        long[] b = cpuTicks("cpu");
        long total = b[1] - a[1];
        return total <= 0 ? 0 : (double) (b[0] - a[0]) / total;
    }

    private long ownTicks() {
        long sum = 0;
        for (Proc p : servers) {
            if (p != null && !p.onLoadCpu) {
                sum += procTicks(p.pid());
            }
        }
        return sum;
    }

    /** {busy, total} ticks of a /proc/stat cpu line */
    static long[] cpuTicks(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals(name)) {
                    long total = 0;
                    for (int i = 1; i < Math.min(f.length, 9); i++) {   // user..steal
                        total += Long.parseLong(f[i]);
                    }
                    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                    // irq and softirq are left out of "busy": on loopback they are mostly the bench's own packets
                    // (delivered in softirq on the sender's CPU and charged to no process)
                    long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
                    return new long[] {total - idle - irq, total};
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new long[] {0, 0};
    }

    /** utime + stime of a process, in ticks (all its threads) */
    static long procTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
