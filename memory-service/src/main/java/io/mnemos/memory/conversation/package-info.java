/**
 * Conversation memory: sessions and turns as the orchestrator records them.
 *
 * <p>Turns arrive as {@code conversation.turn.recorded} events on Kafka. {@link
 * io.mnemos.memory.conversation.ConversationEvents} stores each one once (the event id is recorded in the same
 * transaction as the turn) and announces it with {@code memory.turn.stored} through the outbox, so the orchestrator can
 * answer only after the turn is durably remembered.
 */
package io.mnemos.memory.conversation;
