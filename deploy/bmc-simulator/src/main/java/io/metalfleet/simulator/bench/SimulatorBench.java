package io.metalfleet.simulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metalfleet.simulator.control.JvmStats;
import io.metalfleet.simulator.SimulatorJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./metalfleet bench simulator}: starts the simulator as its own JVM pinned to one core
 * (taskset -c 0, one Vert.x event loop, {@link io.metalfleet.simulator.SimulatorJvm} options, 512m heap), drives it from this JVM (which bench.sh pins to the
 * other core) with a one-event-loop closed-loop generator across every BMC, then prints
 * {@code name value unit target} lines.
 */
@Command(name = "simulator-bench", mixinStandardHelpOptions = true)
public final class SimulatorBench implements Callable<Integer> {

    @Option(names = "--bmcs", defaultValue = "10000") int bmcs;
    @Option(names = "--duration-s", defaultValue = "20") int durationS;
    @Option(names = "--warmup-s", defaultValue = "10") int warmupS;
    @Option(names = "--concurrency", defaultValue = "256", description = "requests in flight") int concurrency;
    @Option(names = "--batch", defaultValue = "50", description = "requests per connection before moving to the next BMC") int batch;
    @Option(names = "--base-port", defaultValue = "22000",
            description = "below the ephemeral range (32768+), away from the default fleet at 20000") int basePort;
    @Option(names = "--control-port", defaultValue = "9950") int controlPort;
    @Option(names = "--address-per-bmc", paramLabel = "FIRST_ADDRESS",
            description = "the simulator's address-per-BMC mode (e.g. 127.1.0.1), all BMCs on --base-port") String addressPerBmc;
    @Option(names = "--sim-cpu", defaultValue = "0", description = "core the simulator is pinned to") String simCpu;
    @Option(names = "--sim-heap", defaultValue = "512m") String simHeap;
    @Option(names = "--latency-ms", defaultValue = "0",
            description = "the simulator's latency (50: the fleet bench's, exercises the latency queue)") long latencyMs;
    @Option(names = "--paths", split = ",", defaultValue = "system",
            description = "what to GET: system (Systems/{id}), root, chassis, static (Systems collection)") List<String> paths;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        machine();
        Process sim = startSimulator();
        try {
            long t0 = System.nanoTime();
            String ready = awaitReady(sim);
            double startupS = (System.nanoTime() - t0) / 1e9;
            JsonNode inventory = control("/bmcs");
            int[] ports = new int[bmcs];
            String[] hosts = new String[bmcs];
            String[] systems = new String[bmcs];
            for (int i = 0; i < bmcs; i++) {
                hosts[i] = inventory.get("bmcs").get(i).get("host").asText();
                ports[i] = inventory.get("bmcs").get(i).get("port").asInt();
                systems[i] = inventory.get("bmcs").get(i).get("systemPath").asText();
            }
            System.out.println("# " + ready);
            System.out.printf(Locale.ROOT, "# load: %d requests in flight over %d BMCs, %d requests per connection, warm-up %d s, measured %d s, paths %s%n",
                    concurrency, bmcs, batch, warmupS, durationS, paths);
            long[] simCpu = new long[2];
            long[] genCpu = new long[2];
            LoadGenerator.Result r = new LoadGenerator(hosts, ports, systems, resolve(paths), concurrency, batch, "bench",
                    "bench-pass").run(warmupS * 1000L, durationS * 1000L,
                    () -> { simCpu[0] = cpuTicks(sim.pid()); genCpu[0] = cpuTicks(ProcessHandle.current().pid()); },
                    () -> { simCpu[1] = cpuTicks(sim.pid()); genCpu[1] = cpuTicks(ProcessHandle.current().pid()); });
            double simCpuS = (simCpu[1] - simCpu[0]) / 100.0;
            double genCpuS = (genCpu[1] - genCpu[0]) / 100.0;
            double windowS = r.elapsedNs() / 1e9;
            long peakRss = hwmKiB(sim.pid()) / 1024;
            long rss = JvmStats.rssKiB(Path.of("/proc/" + sim.pid() + "/status")) / 1024;
            JsonNode jvm = control("/jvm?gc=true");
            JsonNode fleet = control("/fleet");
            line("simulator.bmcs", fleet.get("bmcs").asText(), "BMCs", ">=10000");
            line("simulator.startup", String.format(Locale.ROOT, "%.1f", startupS), "s", "");
            line("simulator.requests_per_s", String.format(Locale.ROOT, "%.0f", r.perSecond()), "req/s", ">=20000");
            line("simulator.cpu_busy", String.format(Locale.ROOT, "%.0f", 100 * simCpuS / windowS), "%", "of its one core");
            line("simulator.requests_per_cpu_s", String.format(Locale.ROOT, "%.0f", r.ok() / Math.max(0.01, simCpuS)),
                    "req/s", ">=20000 (requests per CPU-second of the simulator)");
            line("simulator.cpu_per_request", String.format(Locale.ROOT, "%.1f", simCpuS * 1e6 / Math.max(1, r.ok())),
                    "us", "(CPU of the simulator process per answered request)");
            line("loadgen.cpu_busy", String.format(Locale.ROOT, "%.0f", 100 * genCpuS / windowS), "%", "of its one core");
            line("simulator.errors", Long.toString(r.errors()), "responses", "==0");
            line("simulator.latency_p50", fmt(r.p50Ms()), "ms", "");
            line("simulator.latency_p99", fmt(r.p99Ms()), "ms", "");
            line("simulator.rss", Long.toString(rss), "MiB", "<=1024");
            line("simulator.rss_peak", Long.toString(peakRss), "MiB", "<=1024");
            line("simulator.heap_used", jvm.get("heapUsedMiB").asText(), "MiB", "<=512");
            line("simulator.heap_max", jvm.get("heapMaxMiB").asText(), "MiB", "<=512");
            line("simulator.cpus_seen", jvm.get("availableProcessors").asText(), "cores", "==1");
            return r.perSecond() >= 20_000 && r.errors() == 0 ? 0 : 1;
        } finally {
            sim.destroy();
            if (!sim.waitFor(20, TimeUnit.SECONDS)) {
                sim.destroyForcibly();
            }
        }
    }

    private Process startSimulator() throws Exception {
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/taskset").canExecute()) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", simCpu));
        } else {
            System.out.println("# taskset not found: the simulator is NOT pinned to one core");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SimulatorJvm.options(simHeap)); // as the fleet benches run it
        cmd.addAll(List.of("-cp", cp,
                "io.metalfleet.simulator.SimulatorMain", "--bmcs", Integer.toString(bmcs),
                "--base-port", Integer.toString(basePort), "--control-port", Integer.toString(controlPort),
                "--latency-ms", Long.toString(latencyMs), "--event-loops", "1", "--username", "bench", "--password", "bench-pass",
                "--powered-on"));
        if (addressPerBmc != null) {
            cmd.addAll(List.of("--address-per-bmc", addressPerBmc));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static String awaitReady(Process sim) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("bmc-simulator: ") && line.contains("control API")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "sim-stdout");
                drain.setDaemon(true);
                drain.start();
                return line;
            }
        }
        throw new IllegalStateException("the simulator exited before it was ready (exit " + sim.waitFor() + ")");
    }

    private JsonNode control(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + controlPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    private static String[] resolve(List<String> names) {
        // BMC i has profile i mod 3 (dmtf, hpe, gpu); "system" uses the path each profile serves
        return names.stream().map(n -> switch (n) {
            case "root" -> "/redfish/v1/";
            case "static" -> "/redfish/v1/Systems";
            case "chassis" -> "/redfish/v1/Chassis";
            default -> "SYSTEM";
        }).toArray(String[]::new);
    }

    private static void machine() throws Exception {
        String cpu = "unknown";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        }
        System.out.printf("# machine: %d cores online (%s), load generator JVM sees %d, %s %s%n",
                Runtime.getRuntime().availableProcessors() > 0 ? coresOnline() : 0, cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
        System.out.println("# simulator: own JVM, taskset -c 0, 1 Vert.x event loop; load generator: this JVM (bench.sh: taskset -c 1), 1 event loop");
    }

    private static int coresOnline() throws Exception {
        Path online = Path.of("/sys/devices/system/cpu/online");
        if (!Files.exists(online)) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n = 0;
        for (String part : Files.readString(online).trim().split(",")) {
            String[] r = part.split("-");
            n += r.length == 1 ? 1 : Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        return n;
    }

    /** utime + stime of a process in clock ticks (USER_HZ = 100 on Linux). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long hwmKiB(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static void line(String name, String value, String unit, String target) {
        System.out.println(name + " " + value + " " + unit + (target.isEmpty() ? "" : " " + target));
    }
}
