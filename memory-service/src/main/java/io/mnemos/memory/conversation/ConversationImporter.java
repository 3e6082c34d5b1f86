package io.mnemos.memory.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.mnemos.memory.conversation.ConversationStore.ImportRow;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.problem.UnprocessableProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk import of past sessions for one user.
 *
 * <p>The whole request is validated first, then written in <b>one transaction</b> (all or nothing). Ids are derived
 * from the client's ids ({@link ConversationStore#importedSessionId}), so re-sending a request adds nothing twice.
 * After the commit, every session of the request whose turns are not all in the index is (re)indexed — which also
 * repairs an earlier import whose indexing failed — so the turns are searchable when this returns.
 */
public final class ConversationImporter {

    private static final Logger log = LoggerFactory.getLogger(ConversationImporter.class);
    static final Pattern CLIENT_ID = Pattern.compile("[\\p{L}\\p{N}._:#/@+\\-]{1,200}");

    private final ConversationStore store;
    private final ConversationIndexer indexer;
    private final TransactionTemplate tx;
    private final ConversationProperties props;
    private final MeterRegistry meters;

    public ConversationImporter(
            ConversationStore store,
            ConversationIndexer indexer,
            TransactionTemplate tx,
            ConversationProperties props,
            MeterRegistry meters) {
        this.store = Objects.requireNonNull(store);
        this.indexer = Objects.requireNonNull(indexer);
        this.tx = Objects.requireNonNull(tx);
        this.props = Objects.requireNonNull(props);
        this.meters = meters == null ? Metrics.globalRegistry : meters;
    }

    /** Validates, stores and indexes the sessions of {@code request} for {@code userId}. */
    public ConversationImport.Result importSessions(String tenant, String userId, ConversationImport request) {
        long t0 = System.nanoTime();
        List<ConversationImport.Session> sessions = validate(userId, request);
        int received = sessions.stream().mapToInt(s -> s.turns().size()).sum();
        log.info(
                "importing {} sessions ({} turns) for user {} of tenant {}", sessions.size(), received, userId, tenant);
        List<UUID> sessionIds = new ArrayList<>(sessions.size());
        Integer imported = tx.execute(status -> {
            int n = 0;
            for (ConversationImport.Session s : sessions) {
                UUID sid = ConversationStore.importedSessionId(tenant, userId, s.sessionId());
                sessionIds.add(sid);
                Instant started = startOf(s);
                List<ImportRow> rows = new ArrayList<>(s.turns().size());
                for (int i = 0; i < s.turns().size(); i++) {
                    ConversationImport.Turn t = s.turns().get(i);
                    rows.add(new ImportRow(
                            ConversationStore.importedTurnId(sid, t.turnId()),
                            t.turnId(),
                            i + 1,
                            t.speaker().strip(),
                            t.text(),
                            t.timestamp() != null ? t.timestamp() : started));
                }
                n += store.importSession(tenant, userId, sid, s.sessionId(), started, rows);
            }
            return n;
        });
        int importedTurns = imported == null ? 0 : imported;
        long tStored = System.nanoTime();
        log.info(
                "stored {} new turns ({} already present) for user {} in {} ms; indexing",
                importedTurns,
                received - importedTurns,
                userId,
                (tStored - t0) / 1_000_000);
        List<UUID> stale = new ArrayList<>();
        for (UUID sid : sessionIds) {
            long rows = store.countSessionTurns(tenant, sid);
            if (indexer.index().countSession(tenant, userId, sid) != rows) {
                stale.add(sid);
            }
        }
        long indexed = indexer.indexSessions(tenant, stale);
        long took = (System.nanoTime() - t0) / 1_000_000;
        meters.counter("mnemos.memory.conversation.imported.turns").increment(importedTurns);
        log.info(
                "import for user {} of tenant {} done: {} turns indexed, {} ms in total",
                userId,
                tenant,
                indexed,
                took);
        return new ConversationImport.Result(
                sessions.size(), received, importedTurns, received - importedTurns, indexed, took);
    }

    private static Instant startOf(ConversationImport.Session s) {
        if (s.startedAt() != null) {
            return s.startedAt();
        }
        return s.turns().stream()
                .map(ConversationImport.Turn::timestamp)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElseThrow();
    }

    private List<ConversationImport.Session> validate(String userId, ConversationImport request) {
        if (request == null || request.sessions() == null || request.sessions().isEmpty()) {
            throw invalid("sessions must hold at least one session.");
        }
        List<ConversationImport.Session> sessions = request.sessions();
        if (sessions.size() > props.maxSessionsPerImport()) {
            throw tooLarge(sessions.size() + " sessions in one request; the limit is " + props.maxSessionsPerImport()
                    + ". Split the import into several requests (re-sending a session is harmless).");
        }
        int turns = 0;
        Set<String> sessionIds = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            ConversationImport.Session s = sessions.get(i);
            String at = "sessions[" + i + "]";
            if (s == null) {
                throw invalid(at + " is null.");
            }
            requireId(s.sessionId(), at + ".sessionId");
            if (!sessionIds.add(s.sessionId())) {
                throw invalid(at + ".sessionId '" + s.sessionId() + "' appears twice in the request.");
            }
            if (s.turns() == null || s.turns().isEmpty()) {
                throw invalid(at + ".turns must hold at least one turn.");
            }
            turns += s.turns().size();
            if (turns > props.maxTurnsPerImport()) {
                throw tooLarge("More than " + props.maxTurnsPerImport() + " turns in one request. Split the import"
                        + " into several requests (re-sending a session is harmless).");
            }
            Set<String> turnIds = new HashSet<>();
            boolean allTimed = true;
            for (int j = 0; j < s.turns().size(); j++) {
                ConversationImport.Turn t = s.turns().get(j);
                String tat = at + ".turns[" + j + "]";
                if (t == null) {
                    throw invalid(tat + " is null.");
                }
                requireId(t.turnId(), tat + ".turnId");
                if (!turnIds.add(t.turnId())) {
                    throw invalid(
                            tat + ".turnId '" + t.turnId() + "' appears twice in session '" + s.sessionId() + "'.");
                }
                if (t.speaker() == null
                        || t.speaker().isBlank()
                        || t.speaker().strip().length() > 100) {
                    throw invalid(tat + ".speaker must be 1-100 characters (user, agent, or a name).");
                }
                if (t.text() == null || t.text().isBlank()) {
                    throw invalid(tat + ".text must not be blank.");
                }
                if (t.text().length() > props.maxTurnChars()) {
                    throw invalid(tat + ".text has " + t.text().length() + " characters; the limit is "
                            + props.maxTurnChars() + ".");
                }
                allTimed &= t.timestamp() != null;
            }
            if (s.startedAt() == null && !allTimed) {
                throw invalid(at + ".startedAt is required when a turn has no timestamp.");
            }
        }
        if (userId == null || !CLIENT_ID.matcher(userId).matches()) {
            throw invalid("userId must be 1-200 letters, digits or ._:#/@+-");
        }
        return sessions;
    }

    private static void requireId(String id, String field) {
        if (id == null || !CLIENT_ID.matcher(id).matches()) {
            throw invalid(field + " must be 1-200 letters, digits or ._:#/@+- (was "
                    + (id == null ? "missing" : "'" + id + "'") + ").");
        }
    }

    private static ProblemException invalid(String detail) {
        return new UnprocessableProblem("invalid-conversation-import", "Invalid conversation import", detail);
    }

    private static ProblemException tooLarge(String detail) {
        return new ProblemException(
                HttpStatus.CONTENT_TOO_LARGE, "conversation-import-too-large", "Conversation import too large", detail);
    }
}
