package io.mnemos.retrieval.collection;

import io.mnemos.retrieval.ingest.DocumentParser;
import io.mnemos.retrieval.ingest.MalformedDocumentException;
import io.mnemos.retrieval.ingest.ParsedDocument;
import io.mnemos.retrieval.ingest.UnsupportedDocumentException;
import io.mnemos.web.StrictJsonRequestBodies;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.tika.exception.WriteLimitReachedException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collections and their documents. Every call is scoped to the caller's tenant: another tenant's collection is "not
 * found". Reads need {@code documents:read}, writes {@code documents:write} ({@code admin} implies both).
 */
@RestController
@RequestMapping("/v1/collections")
@Tag(
        name = "Collections",
        description = "Collections of documents: create, ingest (JSON, files, NDJSON bulk, Kafka), read, delete")
public class CollectionController {
    static final String READ = "documents:read";
    static final String WRITE = "documents:write";
    static final String NDJSON = "application/x-ndjson";

    private final CollectionService collections;
    private final BulkIngestions bulk;
    private final DocumentParser parser;
    private final RetrievalProperties props;
    private final JsonMapper json =
            StrictJsonRequestBodies.strictScalars(JsonMapper.builder()).build();

    public CollectionController(
            CollectionService collections, BulkIngestions bulk, DocumentParser parser, RetrievalProperties props) {
        this.collections = collections;
        this.bulk = bulk;
        this.parser = parser;
        this.props = props;
    }

    // --- request and response bodies ---

    /** Request to create a collection. */
    public record CreateCollection(
            @Schema(description = "1-64 letters, digits, '.', '_' or '-'", example = "handbook") @Nullable
                    String name) {}

    /** A collection with its counts. */
    public record CollectionView(String name, Instant createdAt, long documents, long chunks) {
        static CollectionView of(CollectionStore.Counted c) {
            return new CollectionView(c.collection().name(), c.collection().createdAt(), c.documents(), c.chunks());
        }
    }

    /** The caller's collections. */
    public record CollectionList(List<CollectionView> collections) {}

    /** Documents sent as JSON. */
    public record IngestDocuments(@Nullable List<DocumentInput> documents) {}

    /** One written document. */
    public record IngestedView(String documentId, int chunks, boolean replaced) {}

    /** What an ingestion wrote; every listed document is committed and searchable. */
    public record IngestResponse(String collection, List<IngestedView> documents, int chunks, long tookMs) {
        static IngestResponse of(String collection, CollectionService.Ingested r, long startNanos) {
            return new IngestResponse(
                    collection,
                    r.documents().stream()
                            .map(d -> new IngestedView(d.documentId(), d.chunks(), d.replaced()))
                            .toList(),
                    r.chunks(),
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    /** A chunk as indexed. */
    public record ChunkView(String chunkId, int ordinal, String text) {}

    /** A stored document. {@code content} lists its chunks when asked for with {@code ?include=chunks}. */
    public record DocumentView(
            String documentId,
            String collection,
            String title,
            Map<String, String> metadata,
            @Nullable String mediaType,
            int chunks,
            long characters,
            String source,
            int version,
            Instant createdAt,
            Instant indexedAt,
            @Nullable List<ChunkView> content) {
        static DocumentView of(String collection, DocumentRecord d, @Nullable List<ChunkView> content) {
            return new DocumentView(
                    d.documentId(),
                    collection,
                    d.title(),
                    d.metadata(),
                    d.mediaType(),
                    d.chunks(),
                    d.characters(),
                    d.source(),
                    d.version(),
                    d.createdAt(),
                    d.indexedAt(),
                    content);
        }
    }

    /** A page of documents; pass {@code next} as {@code after} for the next page (null at the end). */
    public record DocumentPage(List<DocumentView> documents, @Nullable String next) {}

    /** A bulk ingestion job and its progress. */
    public record JobView(
            UUID jobId,
            String collection,
            @Schema(description = "queued, running, completed or failed") String status,
            int total,
            int processed,
            int succeeded,
            int failed,
            long chunks,
            double progress,
            List<CollectionStore.JobError> errors,
            Instant createdAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt) {
        static JobView of(CollectionStore.Job j) {
            return new JobView(
                    j.id(),
                    j.collection(),
                    j.status(),
                    j.total(),
                    j.nextIndex(),
                    j.succeeded(),
                    j.failed(),
                    j.chunks(),
                    j.total() == 0 ? 1.0 : Math.round(1000.0 * j.nextIndex() / j.total()) / 1000.0,
                    j.errors(),
                    j.createdAt(),
                    j.startedAt(),
                    j.finishedAt());
        }
    }

    // --- collections ---

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(WRITE)
    @Operation(
            summary = "Create a collection",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(examples = @ExampleObject(value = "{\"name\": \"handbook\"}"))),
            responses = {
                @ApiResponse(responseCode = "201", description = "Created"),
                @ApiResponse(responseCode = "409", description = "The tenant already has a collection with this name")
            })
    public ResponseEntity<CollectionView> create(@RequestBody CreateCollection body) {
        String name = Inputs.collectionName(body.name(), "name");
        Collection c = collections.create(TenantContext.tenant(), name);
        return ResponseEntity.created(URI.create("/v1/collections/" + name))
                .body(new CollectionView(c.name(), c.createdAt(), 0, 0));
    }

    @GetMapping
    @RequiresScope(READ)
    @Operation(summary = "List the caller's collections with their document and chunk counts")
    public CollectionList list() {
        return new CollectionList(collections.list(TenantContext.tenant()).stream()
                .map(CollectionView::of)
                .toList());
    }

    @GetMapping("/{collection}")
    @RequiresScope(READ)
    @Operation(summary = "Get a collection with its document and chunk counts")
    public CollectionView get(@PathVariable String collection) {
        return CollectionView.of(collections.describe(TenantContext.tenant(), collection));
    }

    @DeleteMapping("/{collection}")
    @RequiresScope(WRITE)
    @Operation(
            summary = "Delete a collection, its documents and their chunks in the index",
            responses = @ApiResponse(responseCode = "204", description = "Deleted"))
    public ResponseEntity<Void> delete(@PathVariable String collection) {
        collections.delete(TenantContext.tenant(), collection);
        return ResponseEntity.noContent().build();
    }

    // --- documents ---

    @PostMapping(path = "/{collection}/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(WRITE)
    @Operation(
            summary = "Index documents sent as JSON text",
            description = "Each document is chunked, embedded and committed; it is searchable when the call returns."
                    + " Posting an id again replaces that document atomically. All-or-nothing validation.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            examples =
                                                    @ExampleObject(
                                                            value =
                                                                    "{\"documents\": [{\"id\": \"tea-1\", \"title\": \"Green tea\", \"text\":"
                                                                            + " \"Green tea is made from unoxidized leaves.\", \"metadata\":"
                                                                            + " {\"lang\": \"en\"}}]}"))),
            responses = {
                @ApiResponse(responseCode = "200", description = "Indexed and committed"),
                @ApiResponse(responseCode = "413", description = "A document is longer than the limit"),
                @ApiResponse(responseCode = "503", description = "The embedding model failed; nothing was written")
            })
    public IngestResponse ingestJson(@PathVariable String collection, @RequestBody IngestDocuments body) {
        long start = System.nanoTime();
        List<DocumentInput> docs = body.documents();
        if (docs == null || docs.isEmpty()) {
            throw RetrievalProblems.invalid("documents", "must hold at least one document");
        }
        if (docs.size() > props.limits().maxDocumentsPerRequest()) {
            throw RetrievalProblems.invalid(
                    "documents",
                    "must hold at most " + props.limits().maxDocumentsPerRequest()
                            + " documents; send more as NDJSON (Content-Type: application/x-ndjson)");
        }
        Inputs.documents(docs, "documents", props.limits());
        String tenant = TenantContext.tenant();
        Collection c = collections.require(tenant, collection);
        CollectionService.Ingested r = collections.ingest(
                tenant, c, docs.stream().map(BulkIngestions::toNew).toList(), "http", null);
        return IngestResponse.of(collection, r, start);
    }

    @PostMapping(path = "/{collection}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresScope(WRITE)
    @Operation(
            summary = "Index uploaded files (plain text, Markdown, HTML, PDF)",
            description = "Parts named `file` (one or more). The document id is the form field `id` (one file only)"
                    + " or the file name; `title` overrides the extracted title (one file only); `metadata` is a JSON"
                    + " object of strings applied to every file.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Indexed and committed"),
                @ApiResponse(responseCode = "413", description = "A file or its text is larger than the limit"),
                @ApiResponse(responseCode = "415", description = "A file is not text, Markdown, HTML or PDF"),
                @ApiResponse(responseCode = "422", description = "A file is broken, encrypted or has no text")
            })
    public IngestResponse upload(
            @PathVariable String collection,
            @RequestPart(name = "file", required = false) @Nullable List<MultipartFile> files,
            @Parameter(description = "document id (one file only; default: the file name)")
                    @RequestParam(name = "id", required = false)
                    @Nullable
                    String id,
            @Parameter(description = "title (one file only; default: extracted from the file)")
                    @RequestParam(name = "title", required = false)
                    @Nullable
                    String title,
            @Parameter(description = "JSON object of string metadata, e.g. {\"lang\":\"en\"}")
                    @RequestParam(name = "metadata", required = false)
                    @Nullable
                    String metadata) {
        long start = System.nanoTime();
        RetrievalProperties.Limits limits = props.limits();
        if (files == null || files.isEmpty()) {
            throw RetrievalProblems.invalid(
                    "file", "is required: send one or more files in multipart parts named 'file'");
        }
        if (files.size() > limits.maxDocumentsPerRequest()) {
            throw RetrievalProblems.invalid(
                    "file", "must be at most " + limits.maxDocumentsPerRequest() + " files per request");
        }
        if (files.size() > 1 && (id != null || title != null)) {
            throw RetrievalProblems.invalid(
                    id != null ? "id" : "title", "applies to a single file; omit it when uploading several");
        }
        Map<String, String> meta = parseMetadata(metadata);
        List<DocumentInput> inputs = new ArrayList<>(files.size());
        List<String> mediaTypes = new ArrayList<>(files.size());
        for (MultipartFile f : files) {
            String name =
                    f.getOriginalFilename() == null || f.getOriginalFilename().isBlank()
                            ? "upload"
                            : f.getOriginalFilename();
            if (f.getSize() > limits.maxFileSize().toBytes()) {
                throw RetrievalProblems.documentTooLarge(
                        "File '" + name + "'", f.getSize(), limits.maxFileSize().toBytes(), "bytes");
            }
            ParsedDocument parsed = parse(f, name);
            Map<String, String> m = new LinkedHashMap<>();
            m.put("mediaType", parsed.mediaType());
            m.putAll(meta);
            String docId = id != null ? id : documentIdFromFileName(name);
            inputs.add(new DocumentInput(docId, title != null ? title : parsed.title(), parsed.text(), m));
            mediaTypes.add(parsed.mediaType());
        }
        Inputs.documents(inputs, "file", limits);
        String tenant = TenantContext.tenant();
        Collection c = collections.require(tenant, collection);
        List<CollectionService.NewDocument> docs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            DocumentInput d = inputs.get(i);
            docs.add(new CollectionService.NewDocument(d.id(), d.title(), d.text(), d.metadata(), mediaTypes.get(i)));
        }
        return IngestResponse.of(collection, collections.ingest(tenant, c, docs, "upload", null), start);
    }

    @PostMapping(path = "/{collection}/documents", consumes = NDJSON)
    @RequiresScope(WRITE)
    @Operation(
            summary = "Bulk-index documents from NDJSON (one JSON document per line) as a background job",
            description = "The whole body is validated first (every bad line is reported; nothing is accepted if one"
                    + " is bad). Answers 202 with the job; follow its progress at the Location URL. Each batch of"
                    + " documents is committed with the job's progress, so a restart resumes the job.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = NDJSON,
                                            examples =
                                                    @ExampleObject(
                                                            value =
                                                                    "{\"id\": \"a\", \"text\": \"First document.\"}\n"
                                                                            + "{\"id\": \"b\", \"title\": \"B\", \"text\": \"Second.\"}\n"))),
            responses = @ApiResponse(responseCode = "202", description = "Accepted; the job runs in the background"))
    public ResponseEntity<JobView> ingestBulk(@PathVariable String collection, @RequestBody byte[] body) {
        CollectionStore.Job job = bulk.submit(TenantContext.tenant(), collection, body);
        return ResponseEntity.accepted()
                .location(URI.create("/v1/collections/" + collection + "/ingestions/" + job.id()))
                .body(JobView.of(job));
    }

    @GetMapping("/{collection}/ingestions/{jobId}")
    @RequiresScope(READ)
    @Operation(summary = "Progress of a bulk ingestion job")
    public JobView job(@PathVariable String collection, @PathVariable UUID jobId) {
        return JobView.of(bulk.get(TenantContext.tenant(), collection, jobId));
    }

    @GetMapping("/{collection}/documents")
    @RequiresScope(READ)
    @Operation(summary = "List a collection's documents, ordered by id")
    public DocumentPage documents(
            @PathVariable String collection,
            @Parameter(description = "return documents with ids after this one (from `next`)")
                    @RequestParam(name = "after", required = false)
                    @Nullable
                    String after,
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw RetrievalProblems.invalid("limit", "must be between 1 and 1000");
        }
        List<DocumentRecord> page = collections.documents(TenantContext.tenant(), collection, after, limit);
        String next = page.size() == limit ? page.getLast().documentId() : null;
        return new DocumentPage(
                page.stream().map(d -> DocumentView.of(collection, d, null)).toList(), next);
    }

    @GetMapping("/{collection}/documents/{documentId}")
    @RequiresScope(READ)
    @Operation(summary = "Get a document; with include=chunks also its chunks as indexed")
    public DocumentView document(
            @PathVariable String collection,
            @PathVariable String documentId,
            @Parameter(description = "`chunks` to add the indexed chunks")
                    @RequestParam(name = "include", required = false)
                    @Nullable
                    String include) {
        if (include != null && !include.equals("chunks")) {
            throw RetrievalProblems.invalid("include", "must be 'chunks' or absent");
        }
        String tenant = TenantContext.tenant();
        DocumentRecord d = collections.document(tenant, collection, documentId);
        List<ChunkView> content = include == null
                ? null
                : collections.chunks(tenant, collection, documentId).stream()
                        .map(c -> new ChunkView(c.chunkId(), c.ordinal(), c.text()))
                        .toList();
        return DocumentView.of(collection, d, content);
    }

    @DeleteMapping("/{collection}/documents/{documentId}")
    @RequiresScope(WRITE)
    @Operation(
            summary = "Delete a document and its chunks",
            responses = @ApiResponse(responseCode = "204", description = "Deleted"))
    public ResponseEntity<Void> deleteDocument(@PathVariable String collection, @PathVariable String documentId) {
        collections.deleteDocument(TenantContext.tenant(), collection, documentId);
        return ResponseEntity.noContent().build();
    }

    // --- helpers ---

    private ParsedDocument parse(MultipartFile f, String name) {
        try (InputStream in = f.getInputStream()) {
            return parser.parse(in, name, f.getContentType());
        } catch (UnsupportedDocumentException e) {
            throw RetrievalProblems.unsupportedType(e.mediaType());
        } catch (MalformedDocumentException e) {
            if (e.getCause() != null && WriteLimitReachedException.isWriteLimitReached(e.getCause())) {
                throw RetrievalProblems.documentTooLarge(
                        "The text of '" + name + "'",
                        props.limits().maxDocumentChars() + 1L,
                        props.limits().maxDocumentChars(),
                        "characters (or more)");
            }
            throw RetrievalProblems.unreadable(name, e.mediaType(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> parseMetadata(@Nullable String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return Map.of();
        }
        Map<String, String> m;
        try {
            m = json.readValue(metadata, new TypeReference<Map<String, String>>() {});
        } catch (JacksonException e) {
            throw RetrievalProblems.invalid("metadata", "must be a JSON object of strings, like {\"lang\": \"en\"}");
        }
        List<FieldViolation> errors = new ArrayList<>();
        Inputs.metadata(m, "metadata", props.limits(), errors);
        if (!errors.isEmpty()) {
            throw RetrievalProblems.invalid(errors);
        }
        return m == null ? Map.of() : m;
    }

    /** A file name made a document id: its last path segment, unsupported characters replaced by '-'. */
    static String documentIdFromFileName(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        String id = base.replaceAll("[^A-Za-z0-9._:@+=~-]", "-");
        return id.length() > 200 ? id.substring(0, 200) : id;
    }
}
