package io.mnemos.memory.search;

import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Search across a user's memory. */
@RestController
@Tag(name = "Memory search")
class MemorySearchController {

    private final MemorySearchService service;

    MemorySearchController(MemorySearchService service) {
        this.service = service;
    }

    @PostMapping("/v1/users/{userId}/memory/search")
    @RequiresScope("memory:read")
    @Operation(
            summary = "Search a user's memory (turns, profile facts, experience templates)",
            description = "Conversation turns by BM25, dense (int8 MiniLM) or hybrid search. A time expression in the"
                    + " query (\"yesterday\", \"last week\", \"in May\", \"3 days ago\") becomes a time filter"
                    + " relative to `now` (default: the server clock) in `timeZone` (default UTC) and is removed from"
                    + " the query text; explicit `from`/`to` win over it. Hits of several kinds are merged on"
                    + " scores mapped to [0, 1]. A caller that already embedded the query may send `queryVector`"
                    + " with `queryVectorModel`: turn search then uses it instead of embedding the query again"
                    + " (another model's vector is ignored; a malformed one is a 422).")
    MemorySearchResponse search(@PathVariable @UserId String userId, @RequestBody MemorySearchRequest body) {
        return service.search(TenantContext.current().tenant(), userId, body);
    }
}
