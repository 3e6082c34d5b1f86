package io.mnemos.orchestrator.grounded;

import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * POSTs JSON to another Mnemos service as a tenant: in the application, the pipeline's signed service client (so the
 * loop's verify and search calls carry the turn's tenant). Any exception is a failed call, recorded in the trace.
 */
@FunctionalInterface
public interface ServicePoster {
    JsonNode post(URI base, String path, Object body, String tenant);
}
