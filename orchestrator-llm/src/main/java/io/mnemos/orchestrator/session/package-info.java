/**
 * Sessions and turns: the first vertical slice of the turn pipeline.
 *
 * <p>A turn is accepted in one transaction that stores it and its {@code conversation.turn.recorded} event (outbox).
 * memory-service stores it and answers with {@code memory.turn.stored}; on that event the orchestrator composes the
 * answer (outside any transaction, pushing each final sentence as a {@code partial} event) and, once it is recorded,
 * pushes the answer to the clients streaming the session ({@link io.mnemos.orchestrator.session.SessionStreams}),
 * over SSE or WebSocket. The answer therefore only goes out once the turn is durably in memory.
 */
package io.mnemos.orchestrator.session;
