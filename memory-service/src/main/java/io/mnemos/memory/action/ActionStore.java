package io.mnemos.memory.action;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable traces, scripts and replay runs. Every method is scoped to a tenant; another tenant's rows behave as
 * missing. Updates take the version the caller read and throw {@link
 * org.springframework.dao.OptimisticLockingFailureException} when the row changed since. Thread-safe.
 */
public interface ActionStore {

    void saveTrace(String tenant, ActionTrace trace);

    Optional<ActionTrace> trace(String tenant, UUID id);

    /** Inserts a new script with the embedding of its task text. */
    void saveScript(ReplayScript script, float[] taskEmbedding);

    /** Writes {@code script} (version already incremented) if the row is still at {@code expectedVersion}. */
    void updateScript(ReplayScript script, long expectedVersion);

    Optional<ReplayScript> script(String tenant, UUID id);

    /** All scripts of the tenant, oldest first. */
    List<ReplayScript> scripts(String tenant);

    /** Active scripts with their task embeddings, for matching. */
    List<ScriptVector> activeScripts(String tenant);

    /** Deletes a script and its runs; {@code false} if missing or another tenant's. */
    boolean deleteScript(String tenant, UUID id);

    void saveRun(ReplayRun run);

    /**
     * Stores a new run started for a user ({@code null}: unknown), so that erasing the user removes it. Stores that do
     * not track users ignore {@code userId}.
     */
    default void saveRun(ReplayRun run, String userId) {
        saveRun(run);
    }

    /** Writes {@code run} (version already incremented) if the row is still at {@code expectedVersion}. */
    void updateRun(ReplayRun run, long expectedVersion);

    Optional<ReplayRun> run(String tenant, UUID id);

    /** Runs of a script, oldest first. */
    List<ReplayRun> runs(String tenant, UUID scriptId);

    /** A script and the embedding of its task text. */
    record ScriptVector(ReplayScript script, float[] vector) {}
}
