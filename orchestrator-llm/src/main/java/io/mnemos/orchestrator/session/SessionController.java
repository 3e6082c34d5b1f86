package io.mnemos.orchestrator.session;

import io.mnemos.contracts.Ids;
import io.mnemos.orchestrator.OrchestratorProperties;
import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.LanguageTag;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Sessions and turns: create a session, send turns, stream the answers (SSE; WebSocket in {@link SessionSocket}). */
@RestController
@Tag(name = "Sessions")
class SessionController {
    private final SessionService sessions;
    private final SessionStreams streams;
    private final OrchestratorProperties props;

    SessionController(SessionService sessions, SessionStreams streams, OrchestratorProperties props) {
        this.sessions = sessions;
        this.streams = streams;
        this.props = props;
    }

    /** Request to create a session. */
    record CreateSession(
            @NotNull @UserId String userId,
            @Schema(description = "The user's language as a BCP 47 tag, e.g. en or en-GB", example = "en-GB")
                    @LanguageTag
                    String locale) {}

    /**
     * Request to send a text turn.
     *
     * @param rememberAnswer false when the caller records what the user actually heard itself (default true: the
     *     answer is remembered as the agent's turn)
     */
    record SendTurn(
            @NotBlank @Size(max = 1_000_000) String text,
            @Schema(
                            description = "Whether the answer is remembered as the agent's turn (default true). A voice"
                                    + " front end that records only what the user heard sends false.")
                    @Nullable
                    Boolean rememberAnswer) {
        boolean remember() {
            return rememberAnswer == null || rememberAnswer;
        }
    }

    /** A turn accepted for processing. */
    record TurnAccepted(UUID sessionId, UUID turnId, long sequence, String status, String eventsUrl) {}

    @PostMapping("/v1/sessions")
    @RequiresScope("memory:write")
    @Operation(summary = "Create a conversation session for an end user")
    ResponseEntity<Session> create(@Valid @RequestBody CreateSession req) {
        Session s = sessions.create(TenantContext.current().tenant(), req.userId(), req.locale());
        return ResponseEntity.created(URI.create("/v1/sessions/" + s.sessionId()))
                .body(s);
    }

    @GetMapping("/v1/sessions/{sessionId}")
    @RequiresScope("memory:read")
    @Operation(summary = "Get a session")
    Session get(@PathVariable UUID sessionId) {
        return sessions.require(TenantContext.current().tenant(), sessionId);
    }

    @PostMapping(
            path = "/v1/sessions/{sessionId}/turns",
            produces = {MediaType.APPLICATION_JSON_VALUE})
    @RequiresScope("memory:write")
    @Operation(
            summary = "Send a text turn",
            description = "Returns 202 at once; the answer arrives on GET /v1/sessions/{id}/events (SSE) or the"
                    + " WebSocket: `partial` events carry each sentence as soon as it is final, then `answer` the"
                    + " whole answer. Send `Accept: text/event-stream` to receive this turn's events on the response.")
    ResponseEntity<TurnAccepted> send(@PathVariable UUID sessionId, @Valid @RequestBody SendTurn req) {
        String tenant = TenantContext.current().tenant();
        TurnEvent e = sessions.accept(tenant, sessionId, Ids.newId(), checked(req.text()), req.remember());
        streams.publish(tenant, e);
        return ResponseEntity.accepted()
                .body(new TurnAccepted(
                        sessionId, e.turnId(), e.sequence(), e.event(), "/v1/sessions/" + sessionId + "/events"));
    }

    @PostMapping(path = "/v1/sessions/{sessionId}/turns", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RequiresScope("memory:write")
    @Operation(summary = "Send a text turn and stream its events (accepted, partial, answer) as Server-Sent Events")
    SseEmitter sendAndStream(@PathVariable UUID sessionId, @Valid @RequestBody SendTurn req) {
        String tenant = TenantContext.current().tenant();
        sessions.require(tenant, sessionId);
        String text = checked(req.text());
        UUID turnId = Ids.newId();
        SseEmitter emitter = new SseEmitter(props.answerTimeout().toMillis() + 1000);
        AtomicReference<Runnable> unsubscribe = new AtomicReference<>(() -> {});
        // Subscribe before accepting so the answer cannot slip past.
        unsubscribe.set(streams.subscribe(tenant, sessionId, ev -> {
            if (!ev.turnId().equals(turnId)) {
                return;
            }
            send(emitter, ev);
            if (TurnEvent.ANSWER.equals(ev.event())) {
                emitter.complete();
            }
        }));
        emitter.onCompletion(() -> unsubscribe.get().run());
        emitter.onError(t -> unsubscribe.get().run());
        emitter.onTimeout(() -> {
            unsubscribe.get().run();
            send(
                    emitter,
                    TurnEvent.note(
                            TurnEvent.TIMEOUT,
                            sessionId,
                            turnId,
                            0,
                            "No answer within " + props.answerTimeout()
                                    + "; the turn is accepted and will still be remembered.",
                            Instant.now()));
            emitter.complete();
        });
        try {
            streams.publish(tenant, sessions.accept(tenant, sessionId, turnId, text, req.remember()));
        } catch (RuntimeException ex) {
            unsubscribe.get().run();
            throw ex;
        }
        return emitter;
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RequiresScope("memory:read")
    @Operation(summary = "Stream every event of a session (Server-Sent Events) until the client disconnects")
    SseEmitter events(@PathVariable UUID sessionId) {
        String tenant = TenantContext.current().tenant();
        sessions.require(tenant, sessionId);
        SseEmitter emitter = new SseEmitter(0L);
        Runnable unsubscribe = streams.subscribe(tenant, sessionId, ev -> send(emitter, ev));
        emitter.onCompletion(unsubscribe);
        emitter.onError(t -> unsubscribe.run());
        emitter.onTimeout(unsubscribe);
        try {
            emitter.send(SseEmitter.event().comment("subscribed to session " + sessionId));
        } catch (IOException e) {
            unsubscribe.run();
        }
        return emitter;
    }

    private String checked(String text) {
        if (text.length() > props.maxTurnChars()) {
            throw new BadRequestProblem(
                    "turn-too-long",
                    "Turn too long",
                    "A turn holds at most " + props.maxTurnChars() + " characters; this one has " + text.length()
                            + ". Split it or raise mnemos.orchestrator.max-turn-chars.");
        }
        return text;
    }

    private static void send(SseEmitter emitter, TurnEvent ev) {
        try {
            emitter.send(SseEmitter.event()
                    .name(ev.event())
                    .id(ev.turnId() + ":" + ev.event())
                    .data(ev, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // The client went away; the subscription is dropped by the caller's handlers.
            throw new IllegalStateException("client disconnected", e);
        }
    }
}
