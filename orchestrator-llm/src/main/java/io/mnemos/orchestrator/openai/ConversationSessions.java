package io.mnemos.orchestrator.openai;

import io.mnemos.contracts.Ids;
import io.mnemos.orchestrator.pipeline.Answer;
import io.mnemos.orchestrator.session.SessionService;
import io.mnemos.orchestrator.session.SessionStreams;
import io.mnemos.orchestrator.session.TurnEvent;
import io.mnemos.web.problem.NotFoundProblem;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Records the user turns of chat completions in orchestrator sessions: one session per (tenant, user, conversation),
 * created on first use and remembered on this instance (LRU, {@code mnemos.openai.session-cache-size}). A forgotten
 * or restarted mapping only means the next turn starts a new session; the memory of the user is per user, not per
 * session, so nothing is lost.
 */
@Component
class ConversationSessions {
    private final SessionService sessions;
    private final SessionStreams streams;
    private final Duration replayWindow;
    private final Map<String, UUID> byConversation;

    ConversationSessions(SessionService sessions, SessionStreams streams, OpenAiProperties props) {
        this.sessions = sessions;
        this.streams = streams;
        this.replayWindow = props.replayWindow();
        int max = props.sessionCacheSize();
        this.byConversation = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
                return size() > max;
            }
        });
    }

    /**
     * The user turn of a request.
     *
     * @param recordedReply for a replay, the reply the first request recorded, if it finished
     */
    record Recorded(UUID sessionId, UUID turnId, long sequence, @Nullable String recordedReply) {}

    /**
     * The turn of this request: the one an earlier request with the same {@code requestKey} recorded within the replay
     * window, or a new {@code direct} turn (stored, and its {@code conversation.turn.recorded} queued, in one
     * transaction in {@link SessionService#acceptDirect}; memory-service stores it from the event, and the session
     * pipeline does not answer it: the chat completion does, then records its reply).
     */
    Recorded record(String tenant, String user, String conversation, String text, String requestKey) {
        Optional<Recorded> earlier = replayOf(tenant, requestKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String key = tenant + '\u0000' + user + '\u0000' + conversation;
        UUID turnId = Ids.newId();
        try {
            UUID sessionId = byConversation.get(key);
            if (sessionId != null) {
                try {
                    return accepted(tenant, sessionId, turnId, text, requestKey);
                } catch (NotFoundProblem gone) {
                    byConversation.remove(key, sessionId); // deleted meanwhile: start a new one
                }
            }
            sessionId = sessions.create(tenant, user, null).sessionId();
            byConversation.put(key, sessionId);
            return accepted(tenant, sessionId, turnId, text, requestKey);
        } catch (DuplicateKeyException concurrentReplay) {
            return replayOf(tenant, requestKey).orElseThrow(() -> concurrentReplay);
        }
    }

    private Recorded accepted(String tenant, UUID sessionId, UUID turnId, String text, String requestKey) {
        TurnEvent accepted = sessions.acceptDirect(tenant, sessionId, turnId, text, requestKey, replayWindow);
        streams.publish(tenant, accepted);
        return new Recorded(sessionId, turnId, accepted.sequence(), null);
    }

    private Optional<Recorded> replayOf(String tenant, String requestKey) {
        return sessions.findDirect(tenant, requestKey, replayWindow)
                .map(d -> new Recorded(d.sessionId(), d.turnId(), d.sequence(), d.answer()));
    }

    /** Records the reply to a turn, once (see {@link SessionService#recordReply}). */
    boolean recordReply(String tenant, UUID turnId, String reply, Answer evidence) {
        return sessions.recordReply(tenant, turnId, reply, evidence);
    }
}
