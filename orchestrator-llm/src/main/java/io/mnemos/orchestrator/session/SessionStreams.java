package io.mnemos.orchestrator.session;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The clients currently streaming each session on this instance. A subscriber that throws is dropped.
 *
 * <p>Answers are produced by the instance that consumes the memory event; with several orchestrator instances the
 * gateway must route a session's stream and its turns to the same instance (sticky by session id).
 */
@Component
public class SessionStreams {
    private static final Logger log = LoggerFactory.getLogger(SessionStreams.class);

    private final Map<String, Set<Consumer<TurnEvent>>> subscribers = new ConcurrentHashMap<>();

    /** Subscribes to a session's events; call the returned handle to unsubscribe. */
    public Runnable subscribe(String tenant, UUID sessionId, Consumer<TurnEvent> listener) {
        String key = key(tenant, sessionId);
        subscribers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> subscribers.computeIfPresent(key, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Delivers an event to every subscriber of its session. */
    public void publish(String tenant, TurnEvent event) {
        Set<Consumer<TurnEvent>> set = subscribers.get(key(tenant, event.sessionId()));
        if (set == null) {
            return;
        }
        for (Consumer<TurnEvent> s : set) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                log.debug("dropping a subscriber of session {}: {}", event.sessionId(), e.toString());
                set.remove(s);
            }
        }
    }

    private static String key(String tenant, UUID sessionId) {
        return tenant + ":" + sessionId;
    }
}
