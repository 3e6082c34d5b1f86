package io.mnemos.memory.action;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.OptimisticLockingFailureException;

/** {@link ActionStore} in memory, for unit tests. */
final class InMemoryActionStore implements ActionStore {

    private record Key(String tenant, UUID id) {}

    private final Map<Key, ActionTrace> traces = new ConcurrentHashMap<>();
    private final Map<Key, ReplayScript> scripts = new ConcurrentHashMap<>();
    private final Map<Key, float[]> vectors = new ConcurrentHashMap<>();
    private final Map<Key, ReplayRun> runs = new ConcurrentHashMap<>();

    @Override
    public void saveTrace(String tenant, ActionTrace trace) {
        traces.put(new Key(tenant, trace.id()), trace);
    }

    @Override
    public Optional<ActionTrace> trace(String tenant, UUID id) {
        return Optional.ofNullable(traces.get(new Key(tenant, id)));
    }

    @Override
    public void saveScript(ReplayScript script, float[] taskEmbedding) {
        scripts.put(new Key(script.tenant(), script.id()), script);
        vectors.put(new Key(script.tenant(), script.id()), taskEmbedding);
    }

    @Override
    public synchronized void updateScript(ReplayScript script, long expectedVersion) {
        Key k = new Key(script.tenant(), script.id());
        ReplayScript old = scripts.get(k);
        if (old == null || old.version() != expectedVersion) {
            throw new OptimisticLockingFailureException("script " + script.id());
        }
        scripts.put(k, script);
    }

    @Override
    public Optional<ReplayScript> script(String tenant, UUID id) {
        return Optional.ofNullable(scripts.get(new Key(tenant, id)));
    }

    @Override
    public List<ReplayScript> scripts(String tenant) {
        return scripts.values().stream()
                .filter(s -> s.tenant().equals(tenant))
                .sorted(Comparator.comparing(ReplayScript::createdAt).thenComparing(ReplayScript::id))
                .toList();
    }

    @Override
    public List<ScriptVector> activeScripts(String tenant) {
        List<ScriptVector> out = new ArrayList<>();
        for (ReplayScript s : scripts(tenant)) {
            if (s.status() == ReplayScript.Status.ACTIVE) {
                out.add(new ScriptVector(s, vectors.get(new Key(tenant, s.id()))));
            }
        }
        return out;
    }

    @Override
    public boolean deleteScript(String tenant, UUID id) {
        runs.values().removeIf(r -> r.tenant().equals(tenant) && r.scriptId().equals(id));
        vectors.remove(new Key(tenant, id));
        return scripts.remove(new Key(tenant, id)) != null;
    }

    @Override
    public void saveRun(ReplayRun run) {
        runs.put(new Key(run.tenant(), run.id()), run);
    }

    @Override
    public synchronized void updateRun(ReplayRun run, long expectedVersion) {
        Key k = new Key(run.tenant(), run.id());
        ReplayRun old = runs.get(k);
        if (old == null || old.version() != expectedVersion) {
            throw new OptimisticLockingFailureException("run " + run.id());
        }
        runs.put(k, run);
    }

    @Override
    public Optional<ReplayRun> run(String tenant, UUID id) {
        return Optional.ofNullable(runs.get(new Key(tenant, id)));
    }

    @Override
    public List<ReplayRun> runs(String tenant, UUID scriptId) {
        return runs.values().stream()
                .filter(r -> r.tenant().equals(tenant) && r.scriptId().equals(scriptId))
                .sorted(Comparator.comparing(ReplayRun::startedAt).thenComparing(ReplayRun::id))
                .toList();
    }
}
