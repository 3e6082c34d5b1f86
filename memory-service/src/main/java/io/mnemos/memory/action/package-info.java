/**
 * Action memory with record and replay (MOBIMEM "Action Memory" ActChain/ActTree, after AgentRR; SPEC §7.4–7.5).
 *
 * <p>An agent records an {@link io.mnemos.memory.action.ActionTrace} of fine-grained steps (target, action,
 * parameters, fingerprints of the state before and after). A successful trace compiles into a {@link
 * io.mnemos.memory.action.ReplayScript}: parameter values that appear in the task text become slots, so the script
 * serves "send Bob a hi" and "send Ann a hello" alike. {@link io.mnemos.memory.action.ActionMemoryService#replay}
 * picks the script for a new task (task-text embedding similarity, then slot alignment of the task pattern) and opens
 * a run; the agent then calls {@link io.mnemos.memory.action.ActionMemoryService#next} before every step with the
 * fingerprint of the state it sees. That is the check function: the step is handed out only if the fingerprint equals
 * the one recorded before it (and the previous step's post-state matched); otherwise the run stops "diverged at step
 * k" and the agent falls back to its model. Scripts that share a prefix form a tree (ActTree): on a mismatch the run
 * first moves to a sibling script whose next recorded state is the one observed. Each run's outcome feeds the
 * script's recent success rate, and a script whose rate falls below the threshold is retired.
 */
package io.mnemos.memory.action;
