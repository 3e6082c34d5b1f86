package io.mnemos.memory.conversation;

import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Bulk import of past conversations. */
@RestController
@Tag(name = "Conversation memory")
class ConversationImportController {

    private final ConversationImporter importer;

    ConversationImportController(ConversationImporter importer) {
        this.importer = importer;
    }

    @PostMapping("/v1/users/{userId}/conversations")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Import past sessions of a user",
            description = "Stores sessions and turns in one transaction, keeping the client's session and turn ids"
                    + " (returned by searches as sessionId / turnId). Idempotent: re-sending the same ids adds"
                    + " nothing (existing turns are not overwritten). The imported turns are searchable when the"
                    + " response arrives. Limits: mnemos.memory.conversation.max-sessions-per-import (1,000),"
                    + " max-turns-per-import (20,000), max-turn-chars (20,000), and the request size limit.")
    ConversationImport.Result importConversations(
            @PathVariable @UserId String userId, @RequestBody ConversationImport body) {
        return importer.importSessions(TenantContext.current().tenant(), userId, body);
    }
}
