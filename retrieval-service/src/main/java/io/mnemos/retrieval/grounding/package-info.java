/**
 * The QuCo-RAG grounding gate (SPEC §5) over the reference corpus: stage 1 ({@code assess}) retrieves when the mean
 * corpus count of a question's entities is below a threshold; stage 2 ({@code verify}) flags claims whose head and
 * tail never co-occur within a window, or whose head is rare. Entities come from OpenNLP POS tagging refined with
 * corpus statistics ({@link io.mnemos.retrieval.grounding.OpenNlpEntityExtractor}) or from the caller; thresholds are
 * {@link io.mnemos.retrieval.grounding.GroundingProperties}, calibrated by {@link
 * io.mnemos.retrieval.grounding.GroundingCalibration}. Every response carries the counts, thresholds and rules behind
 * its decisions. Design: docs/grounding.md.
 */
package io.mnemos.retrieval.grounding;
