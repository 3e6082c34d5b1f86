package io.mnemos.retrieval.collection;

import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.problem.ConflictProblem;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.PayloadTooLargeProblem;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import io.mnemos.web.problem.UnprocessableProblem;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** The problems (RFC 9457) of the collections API, each with a stable type slug and a detail that says what to do. */
final class RetrievalProblems {
    private RetrievalProblems() {}

    static ProblemException collectionNotFound(String name) {
        return new NotFoundProblem(
                        "collection-not-found",
                        "Collection not found",
                        "No collection '" + name + "'. List yours with GET /v1/collections or create it with POST"
                                + " /v1/collections {\"name\": \"" + name + "\"}.")
                .with("collection", name);
    }

    static ProblemException collectionExists(String name) {
        return new ConflictProblem(
                        "collection-exists",
                        "Collection already exists",
                        "Collection '" + name + "' already exists; use it, pick another name, or delete it first.")
                .with("collection", name);
    }

    static ProblemException documentNotFound(String collection, String documentId) {
        return new NotFoundProblem(
                        "document-not-found",
                        "Document not found",
                        "No document '" + documentId + "' in collection '" + collection + "'.")
                .with("collection", collection)
                .with("documentId", documentId);
    }

    static ProblemException jobNotFound(String collection, UUID jobId) {
        return new NotFoundProblem(
                "ingestion-not-found",
                "Ingestion job not found",
                "No ingestion job " + jobId + " in collection '" + collection + "'.");
    }

    static ProblemException invalid(List<FieldViolation> errors) {
        FieldViolation first = errors.getFirst();
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more, see errors)" : "";
        return new BadRequestProblem(
                        "validation-failed",
                        "Validation failed",
                        "Field '" + first.field() + "' " + first.message() + more + ". Fix the request and retry.")
                .with("errors", List.copyOf(errors));
    }

    static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldViolation(field, message)));
    }

    /** A query vector of this service's model that cannot be used: 422, the JSON itself being well-formed. */
    static ProblemException invalidQueryVector(String message) {
        String field = message.startsWith("queryVectorModel") ? "queryVectorModel" : "queryVector";
        return new UnprocessableProblem(
                        "invalid-query-vector",
                        "Invalid query vector",
                        message + ". Send the vector of the query as the model named in queryVectorModel computed it,"
                                + " or leave queryVector out and the query text is embedded.")
                .with("errors", List.of(new FieldViolation(field, message)));
    }

    static ProblemException invalidFilter(String key, String message) {
        return new BadRequestProblem(
                        "invalid-filter",
                        "Invalid filter",
                        "Filter '" + key + "' " + message + ". Filters are exact matches on metadata: {\"key\":"
                                + " \"value\"}, keys of letters, digits, '_', '.', '-' (or documentId).")
                .with("errors", List.of(new FieldViolation("filters." + key, message)));
    }

    static ProblemException documentTooLarge(String what, long size, long limit, String unit) {
        return new PayloadTooLargeProblem(
                        DataSize.ofBytes(limit),
                        what + " has " + size + " " + unit + "; at most " + limit + " are accepted"
                                + " (mnemos.retrieval.limits). Split it into several documents.")
                .with("limit", limit);
    }

    static ProblemException unsupportedType(String mediaType) {
        return new ProblemException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-document-type",
                        "Unsupported document type",
                        "Files of type " + mediaType + " cannot be indexed. Upload plain text, Markdown, HTML or PDF,"
                                + " or send the text as JSON.")
                .with("mediaType", mediaType)
                .with("supported", List.of("text/plain", "text/markdown", "text/html", "application/pdf"));
    }

    static ProblemException unreadable(String fileName, String mediaType, String reason) {
        return new UnprocessableProblem(
                        "unreadable-document",
                        "Unreadable document",
                        "Could not extract text from '" + fileName + "' (" + mediaType + "): " + reason
                                + ". Check the file (broken, encrypted or scanned without text) and upload it again.")
                .with("mediaType", mediaType);
    }

    static ProblemException embeddingUnavailable(Throwable cause) {
        return new ServiceUnavailableProblem(
                "embedding-unavailable",
                "Embedding model unavailable",
                "The embedding model failed, so nothing was indexed. Retry shortly.",
                Duration.ofSeconds(5),
                cause);
    }

    static ProblemException unsupportedTenant(String tenant) {
        return new BadRequestProblem(
                "unsupported-tenant",
                "Unsupported tenant id",
                "The caller's tenant id cannot own an index (letters, digits, '_' and '-', at most 64).");
    }
}
