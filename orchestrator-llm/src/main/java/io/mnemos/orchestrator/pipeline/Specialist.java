package io.mnemos.orchestrator.pipeline;

import java.util.List;

/** A specialist the pipeline can call for a turn (memory, documents, grounding, task memory). */
interface Specialist {

    /**
     * Calls the specialist for {@code turn}. Failures are returned as a call with status {@code error}, not thrown,
     * so one failing specialist never fails the turn.
     *
     * @return one entry per call made (a document search makes one per collection)
     */
    List<SpecialistCall> call(TurnContext turn);
}
