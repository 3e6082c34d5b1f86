package io.mnemos.e2e.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The turn pipeline end to end through the gateway of a running platform ({@code ./mnemos up}), with the embedded
 * (no-LLM) default: ingests the HotpotQA subset's 994 paragraphs into the collection the pipeline searches, asks its
 * 100 questions as session turns, and reports
 *
 * <ul>
 *   <li>orchestration overhead per turn from the turn traces (routing + specialist calls + composition; no LLM time
 *       exists in this mode), p50/p99, and the client-observed time to the answer;
 *   <li>the same per step (routing, composition) and per specialist call as the trace records it ({@code
 *       memory.search}, {@code documents.search:<collection>}, {@code grounding.assess}, …, each over the turns that
 *       called it, with its non-ok statuses), to see what dominates;
 *   <li>routes taken;
 *   <li>answer quality of the extractive answer: supporting-fact recall of the quoted sentences (a quoted sentence
 *       that is one of HotpotQA's gold supporting sentences), paragraph recall of the citations, and answer-span
 *       containment (the gold answer string appears in the answer text; HotpotQA's answers are spans or yes/no);
 *   <li>CPU time per measured turn of each platform process on this machine (from {@code /proc}).
 * </ul>
 *
 * <p>Before the measured questions it sends {@code bench.warmup} (default 900) unmeasured turns, so that what is
 * measured is the steady state, not the services' start-up compilation.
 *
 * <pre>
 * ./mnemos up   # in another terminal, or before
 * ./mvnw -q -pl e2e-tests test-compile exec:exec -Dbench.main=io.mnemos.e2e.bench.PipelineBenchmark \
 *     -Dbench.args="http://127.0.0.1:8080 $(cat .data/secrets/admin-key)"
 * </pre>
 */
public final class PipelineBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String gateway;
    private final String key;

    private PipelineBenchmark(String gateway, String key) {
        this.gateway = gateway;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PipelineBenchmark <gateway-url> <api-key> [collection] [questions]");
            System.exit(2);
        }
        Path data = Path.of(System.getProperty("mnemos.data", "../shared/data")).resolve("multihop");
        if (!Files.isRegularFile(data.resolve("hotpotqa_train.json"))) {
            System.out.println("SKIPPED: " + data + "/hotpotqa_train.json not found");
            return;
        }
        String collection = args.length > 2 ? args[2] : "default";
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        new PipelineBenchmark(args[0], args[1]).run(data, collection, limit);
    }

    private void run(Path data, String collection, int limit) throws Exception {
        System.out.printf("load average at start: %.1f (2 cores)%n", loadAverage());
        JsonNode corpus =
                JSON.readTree(data.resolve("hotpotqa_train_corpus.json").toFile());
        JsonNode questions = JSON.readTree(data.resolve("hotpotqa_train.json").toFile());

        // 1. the collection and its documents (one document per paragraph; id = title, so citations name it)
        HttpResponse<String> created = send("POST", "/v1/collections", Map.of("name", collection));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating the collection: " + created.statusCode() + " " + created.body());
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (var e : corpus.properties()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode s : e.getValue()) {
                text.append(s.asString());
            }
            docs.add(Map.of(
                    "id",
                    docId(e.getKey()),
                    "title",
                    e.getKey(),
                    "text",
                    text.toString().strip()));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < docs.size(); i += 50) {
            HttpResponse<String> r = send(
                    "POST",
                    "/v1/collections/" + collection + "/documents",
                    Map.of("documents", docs.subList(i, Math.min(docs.size(), i + 50))));
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("ingesting: " + r.statusCode() + " " + r.body());
            }
            System.out.printf("\ringested %d / %d paragraphs", Math.min(docs.size(), i + 50), docs.size());
        }
        System.out.printf("%ningestion: %d paragraphs in %.1f s%n", docs.size(), (System.nanoTime() - t0) / 1e9);

        // 2. steady state: the corpus-statistics index the grounding gate needs is built on first use (minutes, on
        // the same 2 cores); measuring while it builds would measure the build. Then a few unmeasured turns.
        waitForCorpus();
        JsonNode session = JSON.readTree(
                send("POST", "/v1/sessions", Map.of("userId", "bench-user")).body());
        String sessionId = session.path("sessionId").asString();
        // Warm-up turns that are not measured questions (the subset has only 100, all measured), so no cache of the
        // router or the services answers a measured question early: one question per paragraph title, in a fixed
        // order. -Dbench.warmup=N turns (pass it as -Dbench.jvm=-Dbench.warmup=N). The default, 900 (about 80 s),
        // measures the steady state: for the first minute or two after a start the services' C2 compilers take a
        // fifth to a quarter of a core each and set the tail (docs/benchmarks/orchestrator.md).
        int warmUpTurns = Integer.getInteger("bench.warmup", 900);
        List<String> titles = new ArrayList<>();
        corpus.properties().forEach(e -> titles.add(e.getKey()));
        java.util.Collections.shuffle(titles, new java.util.Random(7));
        long w0 = System.nanoTime();
        for (int i = 0; i < Math.min(warmUpTurns, titles.size()); i++) {
            ask(sessionId, "What is known about " + titles.get(i) + "?");
        }
        System.out.printf(
                "warm-up: %d unmeasured turns (questions about paragraph titles) in %.1f s; load average %.1f%n",
                Math.min(warmUpTurns, titles.size()), (System.nanoTime() - w0) / 1e9, loadAverage());

        // 3. the measured questions, as turns of the same session
        List<Double> overhead = new ArrayList<>();
        List<Double> clientMs = new ArrayList<>();
        List<Double> specialistsMs = new ArrayList<>();
        List<Double> routeMs = new ArrayList<>();
        List<Double> composeMs = new ArrayList<>();
        Map<String, List<Double>> perSpecialist = new java.util.TreeMap<>();
        Map<String, Map<String, Integer>> statuses = new java.util.TreeMap<>();
        Map<String, Integer> routes = new LinkedHashMap<>();
        int sfHit = 0;
        int sfTotal = 0;
        int paraHit = 0;
        int paraTotal = 0;
        int contained = 0;
        int n = 0;
        Map<String, Long> cpuBefore = cpuTicksByProcess();
        for (JsonNode q : questions) {
            if (n == limit) {
                break;
            }
            n++;
            long s0 = System.nanoTime();
            JsonNode answer = ask(sessionId, q.path("question").asString());
            clientMs.add((System.nanoTime() - s0) / 1e6);
            JsonNode trace = JSON.readTree(
                    send("GET", answer.path("traceUrl").asString(), null).body());
            overhead.add(trace.at("/timings/totalMs").asDouble());
            specialistsMs.add(trace.at("/timings/specialistsMs").asDouble());
            routeMs.add(trace.at("/timings/routeMs").asDouble());
            composeMs.add(trace.at("/timings/composeMs").asDouble());
            for (JsonNode call : trace.path("specialists")) {
                String name = call.path("name").asString("?");
                perSpecialist
                        .computeIfAbsent(name, k -> new ArrayList<>())
                        .add(call.path("durationMs").asDouble());
                statuses.computeIfAbsent(name, k -> new java.util.TreeMap<>())
                        .merge(call.path("status").asString("?"), 1, Integer::sum);
            }
            routes.merge(trace.at("/route/primary").asString(), 1, Integer::sum);

            Set<String> gold = new HashSet<>();
            Set<String> goldTitles = new HashSet<>();
            for (JsonNode sf : q.path("supporting_facts")) {
                String title = sf.get(0).asString();
                int idx = sf.get(1).asInt();
                goldTitles.add(docId(title));
                JsonNode sentences = corpus.path(title);
                if (idx < sentences.size()) {
                    gold.add(norm(sentences.get(idx).asString()));
                }
            }
            Set<String> quoted = new HashSet<>();
            for (JsonNode c : trace.at("/composer/chosen")) {
                quoted.add(norm(c.path("sentence").asString()));
            }
            for (String g : gold) {
                sfTotal++;
                if (quoted.stream().anyMatch(s -> s.equals(g) || s.contains(g) || g.contains(s) && s.length() > 20)) {
                    sfHit++;
                }
            }
            Set<String> cited = new HashSet<>();
            for (JsonNode c : trace.at("/composer/citations")) {
                String ref = c.path("reference").asString();
                cited.add(ref.substring(ref.indexOf('/') + 1));
            }
            for (String t : goldTitles) {
                paraTotal++;
                if (cited.contains(t)) {
                    paraHit++;
                }
            }
            String gold0 = norm(q.path("answer").asString());
            if (!gold0.isEmpty() && norm(answer.path("text").asString()).contains(gold0)) {
                contained++;
            }
            if (n % 10 == 0) {
                System.out.printf("%d questions%n", n);
            }
        }
        Map<String, Long> cpuAfter = cpuTicksByProcess();
        System.out.printf("%n## Pipeline, %d HotpotQA questions (embedded default, no LLM)%n", n);
        System.out.println("| measure | p50 | p90 | p99 | max |");
        System.out.println("|---|---|---|---|---|");
        row("orchestration overhead per turn (trace total: route + specialists + compose), ms", overhead);
        row("of which routing (turn embedded once, k-NN vote), ms", routeMs);
        row("of which specialist calls (parallel, slowest), ms", specialistsMs);
        row("of which composition, ms", composeMs);
        for (var e : perSpecialist.entrySet()) {
            row(
                    "specialist " + e.getKey() + " (" + e.getValue().size() + " calls; " + statuses.get(e.getKey())
                            + "), ms",
                    e.getValue());
        }
        row("client: POST turn -> answer event (SSE, through the gateway), ms", clientMs);
        System.out.println("routes: " + routes);
        System.out.printf(
                Locale.ROOT,
                "supporting-fact recall of quoted sentences: %.3f (%d/%d)%n",
                sfHit / (double) Math.max(1, sfTotal),
                sfHit,
                sfTotal);
        System.out.printf(
                Locale.ROOT,
                "supporting-paragraph recall of citations: %.3f (%d/%d)%n",
                paraHit / (double) Math.max(1, paraTotal),
                paraHit,
                paraTotal);
        System.out.printf(Locale.ROOT, "answer-span containment: %.3f (%d/%d)%n", contained / (double) n, contained, n);
        System.out.printf("load average at end: %.1f%n", loadAverage());
        StringBuilder cpu =
                new StringBuilder("CPU per measured turn, by process (ms; /proc, this machine's processes):");
        int turns = Math.max(1, n);
        cpuAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e ->
                        cpu.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(), e.getValue() * 10.0 / turns)));
        System.out.println(cpu);
    }

    /**
     * CPU time (user + system, in clock ticks of 10 ms) of the platform's processes on this machine, by name: the
     * services' exec jars, PostgreSQL, and the launcher (which runs Kafka). Empty where /proc is not readable.
     */
    private static Map<String, Long> cpuTicksByProcess() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    String name = processName(cmd);
                    if (name == null) {
                        continue;
                    }
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (Exception e) {
                    // the process ended meanwhile, or is not ours to read
                }
            }
        } catch (Exception e) {
            return Map.of();
        }
        return out;
    }

    private static String processName(String cmd) {
        for (String service : List.of(
                "gateway",
                "orchestrator-llm",
                "memory-service",
                "retrieval-service",
                "speech-service",
                "vision-service")) {
            if (cmd.contains("mnemos-" + service + "-") && cmd.contains("exec.jar")) {
                return service;
            }
        }
        if (cmd.startsWith("postgres")) {
            return "postgres";
        }
        return cmd.contains("devstack") ? "launcher+kafka" : null;
    }

    private JsonNode ask(String sessionId, String question) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gateway + "/v1/sessions/" + sessionId + "/turns"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", question))))
                .build();
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
        String event = null;
        for (String line : (Iterable<String>) r.body()::iterator) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && "answer".equals(event)) {
                r.body().close();
                return JSON.readTree(line.substring(5).strip());
            } else if (line.startsWith("data:") && "timeout".equals(event)) {
                throw new IllegalStateException("no answer: " + line);
            }
        }
        throw new IllegalStateException("stream ended without an answer");
    }

    private HttpResponse<String> send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + key);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Triggers the lazy corpus-statistics build if needed and waits until it is ready (at most 20 minutes). */
    private void waitForCorpus() throws Exception {
        send("POST", "/v1/grounding/assess", Map.of("question", "Who wrote Pride and Prejudice?"));
        long deadline = System.nanoTime() + 20L * 60 * 1_000_000_000L;
        long t0 = System.nanoTime();
        while (true) {
            JsonNode status = JSON.readTree(send("GET", "/v1/corpus", null).body());
            String state = status.path("state").asString("");
            JsonNode collections = status.path("collections");
            boolean collectionsSettled =
                    collections.path("state").asString("ready").equals("ready")
                            && collections.path("pendingChanges").asLong(0) == 0
                            && !collections.path("rebuilding").asBoolean(false);
            if (state.equals("ready") && collectionsSettled) {
                System.out.printf(
                        "%ncorpus index ready, collection statistics up to date (waited %.0f s)%n",
                        (System.nanoTime() - t0) / 1e9);
                // Background work after ingestion (indexing, statistics, start-up warm-ups) still competes for the
                // 2 cores for a while: wait until the 1-minute load average settles (at most 2 minutes).
                long settle = System.nanoTime() + 120L * 1_000_000_000L;
                while (loadAverage() >= 2.0 && System.nanoTime() < settle) {
                    Thread.sleep(5_000);
                }
                System.out.printf("load average before measuring: %.1f%n", loadAverage());
                return;
            }
            if (System.nanoTime() > deadline || state.equals("failed")) {
                throw new IllegalStateException("corpus index not ready: " + status);
            }
            System.out.printf(
                    "\rcorpus index %s: %s %.0f%%   ",
                    state,
                    status.at("/progress/phase").asString(""),
                    status.at("/progress/percent").asDouble());
            Thread.sleep(5_000);
        }
    }

    private static String docId(String title) {
        return title.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} ]+", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static void row(String name, List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "| %s | %.1f | %.1f | %.1f | %.1f |%n",
                name,
                pct(v, 0.5),
                pct(v, 0.9),
                pct(v, 0.99),
                v.length == 0 ? 0 : v[v.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }
}
