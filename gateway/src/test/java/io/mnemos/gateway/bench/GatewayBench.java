package io.mnemos.gateway.bench;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Rate-controlled latency benchmark of the gateway (run by {@code docs/benchmarks/gateway-bench.sh}, not a test).
 *
 * <p>{@code token <secret>} prints an identity token valid for an hour, to call a service directly as the gateway
 * would. {@code latency <rate> <seconds> <rounds> <name>=<url>|<header>:<value> ...} sends requests open-loop at a
 * fixed rate (one target at a time, the targets alternating round by round so that both see the same machine load),
 * measuring each request from the moment it was due to be sent (so a stalled server is not hidden by the generator
 * waiting: no coordinated omission), and prints p50/p90/p99/p99.9/max per target and the achieved rate.
 */
public final class GatewayBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "token" ->
                System.out.println(InternalToken.sign(
                        Identity.of("bench", "bench", "admin"),
                        args[1].getBytes(StandardCharsets.UTF_8),
                        Instant.now().plus(Duration.ofHours(1))));
            case "latency" -> latency(args);
            default -> throw new IllegalArgumentException("token | latency");
        }
    }

    private record Target(String name, URI uri, String header, String value) {}

    private static void latency(String[] args) throws Exception {
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Map<String, Target> targets = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] nv = args[i].split("=", 2);
            String[] uh = nv[1].split("\\|", 2);
            String[] hv = uh[1].split(":", 2);
            targets.put(nv[0], new Target(nv[0], URI.create(uh[0]), hv[0], hv[1].trim()));
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        // Warm-up: JIT, connection pools and caches of both paths, at the same rate.
        for (Target t : targets.values()) {
            run(http, t, rate, Math.min(10, seconds));
        }
        Map<String, long[]> all = new LinkedHashMap<>();
        Map<String, double[]> achieved = new LinkedHashMap<>();
        Map<String, int[]> statuses = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Target t : targets.values()) {
                Result res = run(http, t, rate, seconds);
                all.merge(t.name(), res.latenciesMicros, GatewayBench::concat);
                achieved.merge(t.name(), new double[] {res.achievedRate}, (a, b) -> concatD(a, b));
                statuses.merge(
                        t.name(), new int[] {res.errors, res.non404}, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        System.out.printf(
                "%-10s %8s %8s %8s %8s %8s %8s %10s %7s %7s%n",
                "target", "count", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "rate/s", "errors", "not404");
        Map<String, double[]> pct = new LinkedHashMap<>();
        for (var e : all.entrySet()) {
            long[] l = e.getValue();
            Arrays.sort(l);
            double[] p = {q(l, 0.50), q(l, 0.90), q(l, 0.99), q(l, 0.999), l[l.length - 1] / 1000.0};
            pct.put(e.getKey(), p);
            double rateAvg = Arrays.stream(achieved.get(e.getKey())).average().orElse(0);
            System.out.printf(
                    "%-10s %8d %8.2f %8.2f %8.2f %8.2f %8.2f %10.0f %7d %7d%n",
                    e.getKey(),
                    l.length,
                    p[0],
                    p[1],
                    p[2],
                    p[3],
                    p[4],
                    rateAvg,
                    statuses.get(e.getKey())[0],
                    statuses.get(e.getKey())[1]);
        }
        double[] d = pct.get("direct");
        for (var e : pct.entrySet()) {
            if (d == null || e.getKey().equals("direct")) {
                continue;
            }
            double[] g = e.getValue();
            System.out.printf(
                    "added by %s: p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms, p99.9 %+.2f ms%n",
                    e.getKey(), g[0] - d[0], g[1] - d[1], g[2] - d[2], g[3] - d[3]);
        }
    }

    /** Most requests outstanding at once; beyond it requests are counted as errors, not sent. */
    private static final int MAX_IN_FLIGHT = 256;

    private static final long TIMEOUT_MICROS = 10_000_000;

    private record Result(long[] latenciesMicros, double achievedRate, int errors, int non404) {}

    private static Result run(HttpClient http, Target t, int rate, int seconds) throws Exception {
        int n = rate * seconds;
        long[] lat = new long[n];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        CompletableFuture<?>[] futures = new CompletableFuture<?>[n];
        HttpRequest request = HttpRequest.newBuilder(t.uri())
                .header(t.header(), t.value())
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            int idx = i;
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                // The target fell far behind: count the request as failed at the timeout instead of piling up
                // connections until something runs out of memory.
                lat[idx] = TIMEOUT_MICROS;
                errors.incrementAndGet();
                futures[i] = CompletableFuture.completedFuture(null);
                continue;
            }
            inFlight.incrementAndGet();
            futures[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((resp, err) -> {
                        inFlight.decrementAndGet();
                        lat[idx] = (System.nanoTime() - due) / 1000;
                        if (err != null || resp.statusCode() >= 500) {
                            errors.incrementAndGet();
                        } else if (resp.statusCode() != 404) {
                            other.incrementAndGet();
                        }
                    });
        }
        long sent = System.nanoTime();
        CompletableFuture.allOf(futures).exceptionally(x -> null).join();
        double achieved = n / ((sent - start) / 1e9);
        return new Result(lat, achieved, errors.get(), other.get());
    }

    private static double q(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double[] concatD(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
