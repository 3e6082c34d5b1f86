/**
 * Conversation memory: sessions and turns, their search index, bulk import and erasure.
 *
 * <p><b>Live turns.</b> Turns arrive as {@code conversation.turn.recorded} events on Kafka. {@link
 * io.mnemos.memory.conversation.ConversationEvents} stores each one once (the event id is recorded in the same
 * transaction as the turn) and announces it with {@code memory.turn.stored} through the outbox, so the orchestrator can
 * answer only after the turn is durably remembered; after the commit the turn is indexed.
 *
 * <p><b>Import.</b> {@link io.mnemos.memory.conversation.ConversationImporter} writes past sessions in one transaction,
 * keeping the client's session and turn ids (UUIDs are derived from them, so re-imports add nothing), then indexes them
 * before returning.
 *
 * <p><b>Search.</b> {@link io.mnemos.memory.conversation.ConversationIndex} is a derived Lucene index per tenant (BM25
 * over text and a neighbourhood context field, int8 HNSW vectors, time points), filtered on tenant and user, with
 * hybrid fusion from {@code platform/search-support}. PostgreSQL is the source of truth:
 * {@link io.mnemos.memory.conversation.ConversationIndexStartup} rebuilds stale tenants at start-up.
 */
package io.mnemos.memory.conversation;
