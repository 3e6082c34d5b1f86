package io.mnemos.retrieval.grounding;

import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The corpus-grounded retrieval gate (QuCo-RAG): should this question retrieve, and which claims of this text does the
 * reference corpus not support? Every response carries the counts, thresholds and rules behind its decisions.
 */
@RestController
@RequestMapping(
        path = "/v1/grounding",
        produces = MediaType.APPLICATION_JSON_VALUE,
        consumes = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "grounding", description = "QuCo-RAG retrieval gate over corpus statistics")
public class GroundingController {
    private final GroundingService grounding;

    public GroundingController(GroundingService grounding) {
        this.grounding = grounding;
    }

    @PostMapping("/assess")
    @RequiresScope("documents:read")
    @Operation(
            summary = "Stage 1: does this question need retrieval?",
            description = "Extracts the question's entities (or takes the given ones), counts them in the reference"
                    + " corpus and retrieves when their mean count is below mnemos.grounding.question-threshold; with"
                    + " a collection, the hits come back too. 503 with Retry-After while the corpus index is built.")
    public AssessResponse assess(@Valid @RequestBody AssessRequest request) {
        int max = grounding.properties().maxQuestionLength();
        if (request.question().length() > max) {
            throw new BadRequestProblem(
                    "question-too-long",
                    "Question too long",
                    "The question has " + request.question().length() + " characters; at most " + max
                            + " are accepted. Send the question alone, not its context.");
        }
        return grounding.assess(TenantContext.tenant(), request);
    }

    @PostMapping("/verify")
    @RequiresScope("documents:read")
    @Operation(
            summary = "Stage 2: which claims does the corpus not support?",
            description = "Per sentence: head/relation/tail tuples, their co-occurrence counts within the window,"
                    + " flagged claims (zero co-occurrence, or a head rarer than the binary threshold), the rule"
                    + " applied, and the retrieval queries (head + relation) to run for flagged claims.")
    public VerifyResponse verify(@Valid @RequestBody VerifyRequest request) {
        int max = grounding.properties().maxTextLength();
        if (request.text().length() > max) {
            throw new BadRequestProblem(
                    "text-too-long",
                    "Text too long",
                    "The text has " + request.text().length() + " characters; at most " + max
                            + " are accepted (mnemos.grounding.max-text-length). Verify it in parts.");
        }
        if (request.question() != null
                && request.question().length() > grounding.properties().maxQuestionLength()) {
            throw new BadRequestProblem(
                    "question-too-long",
                    "Question too long",
                    "The question has more than " + grounding.properties().maxQuestionLength() + " characters.");
        }
        return grounding.verify(TenantContext.tenant(), request);
    }
}
