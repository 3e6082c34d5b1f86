/**
 * Grounded generation (QuCo-RAG stage 2, SPEC 5.1): with an LLM, the answer is generated sentence by sentence, every
 * sentence is checked by retrieval-service's grounding gate, and a flagged sentence triggers retrieval with the gate's
 * queries and a regeneration from that sentence with the passages in the prompt. Only sentences that pass are kept.
 */
package io.mnemos.orchestrator.grounded;
