package io.mnemos.orchestrator.openai;

import io.mnemos.contracts.Ids;
import io.mnemos.orchestrator.session.SessionService;
import io.mnemos.orchestrator.session.SessionStreams;
import io.mnemos.orchestrator.session.TurnEvent;
import io.mnemos.web.problem.NotFoundProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
    private final Map<String, UUID> byConversation;

    ConversationSessions(SessionService sessions, SessionStreams streams, OpenAiProperties props) {
        this.sessions = sessions;
        this.streams = streams;
        int max = props.sessionCacheSize();
        this.byConversation = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
                return size() > max;
            }
        });
    }

    /** A recorded user turn. */
    record Recorded(UUID sessionId, UUID turnId, long sequence) {}

    /**
     * Stores the user turn and queues its {@code conversation.turn.recorded} event (one transaction, in {@link
     * SessionService#accept}); memory-service stores it from the event.
     */
    Recorded record(String tenant, String user, String conversation, String text) {
        String key = tenant + '\u0000' + user + '\u0000' + conversation;
        UUID turnId = Ids.newId();
        UUID sessionId = byConversation.get(key);
        TurnEvent accepted;
        if (sessionId != null) {
            try {
                accepted = sessions.accept(tenant, sessionId, turnId, text);
                streams.publish(tenant, accepted);
                return new Recorded(sessionId, turnId, accepted.sequence());
            } catch (NotFoundProblem gone) {
                byConversation.remove(key, sessionId); // deleted meanwhile: start a new one
            }
        }
        sessionId = sessions.create(tenant, user, null).sessionId();
        byConversation.put(key, sessionId);
        accepted = sessions.accept(tenant, sessionId, turnId, text);
        streams.publish(tenant, accepted);
        return new Recorded(sessionId, turnId, accepted.sequence());
    }
}
