package io.mnemos.retrieval.collection;

import io.mnemos.contracts.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** PostgreSQL access for collections, documents and bulk jobs (schema {@code retrieval}). Every query names the tenant. */
@Repository
public class CollectionStore {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public CollectionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.json = JsonMapper.builder().build();
    }

    // --- collections ---

    /** Creates a collection; empty if the tenant already has one with this name. */
    public Optional<Collection> create(String tenant, String name) {
        UUID id = Ids.newId();
        try {
            return jdbc.sql("INSERT INTO collection (id, tenant, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                            + " RETURNING id, tenant, name, created_at")
                    .params(id, tenant, name)
                    .query(CollectionStore::collection)
                    .optional();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    public Optional<Collection> find(String tenant, String name) {
        return jdbc.sql("SELECT id, tenant, name, created_at FROM collection WHERE tenant = ? AND name = ?")
                .params(tenant, name)
                .query(CollectionStore::collection)
                .optional();
    }

    /** A collection with its document and chunk counts. */
    public record Counted(Collection collection, long documents, long chunks) {}

    public List<Counted> list(String tenant) {
        return jdbc.sql("SELECT c.id, c.tenant, c.name, c.created_at, count(d.document_id) AS documents,"
                        + " coalesce(sum(d.chunks), 0) AS chunks FROM collection c"
                        + " LEFT JOIN document d ON d.collection_id = c.id WHERE c.tenant = ?"
                        + " GROUP BY c.id ORDER BY c.name")
                .param(tenant)
                .query((rs, n) -> new Counted(collection(rs, n), rs.getLong("documents"), rs.getLong("chunks")))
                .list();
    }

    public Counted counts(Collection c) {
        return jdbc.sql("SELECT count(*) AS documents, coalesce(sum(chunks), 0) AS chunks FROM document"
                        + " WHERE collection_id = ?")
                .param(c.id())
                .query((rs, n) -> new Counted(c, rs.getLong("documents"), rs.getLong("chunks")))
                .single();
    }

    /**
     * Locks the collection row against deletion until the transaction ends (writers of documents). False if it no
     * longer exists.
     */
    public boolean lockShared(UUID collectionId) {
        return jdbc.sql("SELECT 1 FROM collection WHERE id = ? FOR KEY SHARE")
                .param(collectionId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** Locks the collection row exclusively (deletion: waits for running writers). */
    public Optional<Collection> lockForDelete(String tenant, String name) {
        return jdbc.sql("SELECT id, tenant, name, created_at FROM collection WHERE tenant = ? AND name = ? FOR UPDATE")
                .params(tenant, name)
                .query(CollectionStore::collection)
                .optional();
    }

    /** Deletes the collection row (documents and jobs cascade); returns the ids of the documents it held. */
    public List<String> delete(UUID collectionId) {
        List<String> ids = jdbc.sql("SELECT document_id FROM document WHERE collection_id = ? ORDER BY document_id")
                .param(collectionId)
                .query(String.class)
                .list();
        jdbc.sql("DELETE FROM collection WHERE id = ?").param(collectionId).update();
        return ids;
    }

    // --- documents ---

    /** A document row to upsert. */
    public record DocumentRow(
            String documentId,
            String title,
            Map<String, String> metadata,
            @Nullable String mediaType,
            int chunks,
            long characters,
            String source) {}

    /**
     * Inserts or replaces a document row, locking it until the transaction ends (so concurrent writers of one
     * document id write the index in the same order as this table). Returns true if it replaced an earlier version.
     */
    public boolean upsert(UUID collectionId, DocumentRow d, Instant indexedAt) {
        return jdbc.sql("INSERT INTO document (collection_id, document_id, title, metadata, media_type, chunks,"
                        + " characters, source, indexed_at) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (collection_id, document_id) DO UPDATE SET title = excluded.title,"
                        + " metadata = excluded.metadata, media_type = excluded.media_type, chunks = excluded.chunks,"
                        + " characters = excluded.characters, source = excluded.source,"
                        + " version = document.version + 1, indexed_at = excluded.indexed_at"
                        + " RETURNING version > 1 AS replaced")
                .params(
                        collectionId,
                        d.documentId(),
                        d.title(),
                        json.writeValueAsString(d.metadata()),
                        d.mediaType(),
                        d.chunks(),
                        d.characters(),
                        d.source(),
                        Timestamp.from(indexedAt))
                .query(Boolean.class)
                .single();
    }

    public Optional<DocumentRecord> findDocument(UUID collectionId, String documentId) {
        return jdbc.sql("SELECT document_id, title, metadata::text AS metadata, media_type, chunks, characters, source,"
                        + " version, created_at, indexed_at FROM document WHERE collection_id = ? AND document_id = ?")
                .params(collectionId, documentId)
                .query(this::document)
                .optional();
    }

    /** Documents of a collection ordered by id, after {@code after} (exclusive; null = from the start). */
    public List<DocumentRecord> listDocuments(UUID collectionId, @Nullable String after, int limit) {
        return jdbc.sql("SELECT document_id, title, metadata::text AS metadata, media_type, chunks, characters, source,"
                        + " version, created_at, indexed_at FROM document WHERE collection_id = ?"
                        + " AND document_id > ? ORDER BY document_id LIMIT ?")
                .params(collectionId, after == null ? "" : after, limit)
                .query(this::document)
                .list();
    }

    /** Deletes a document row; false if there was none. */
    public boolean deleteDocument(UUID collectionId, String documentId) {
        return jdbc.sql("DELETE FROM document WHERE collection_id = ? AND document_id = ?")
                        .params(collectionId, documentId)
                        .update()
                > 0;
    }

    // --- bulk jobs ---

    /** A bulk ingestion job. */
    public record Job(
            UUID id,
            String tenant,
            UUID collectionId,
            String collection,
            String status,
            int total,
            int nextIndex,
            int succeeded,
            int failed,
            long chunks,
            List<JobError> errors,
            Instant createdAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt) {}

    /** A document a job could not index. */
    public record JobError(int line, String documentId, String message) {}

    public void createJob(UUID id, String tenant, UUID collectionId, int total, byte[] payload) {
        jdbc.sql("INSERT INTO ingestion_job (id, tenant, collection_id, status, total, payload)"
                        + " VALUES (?, ?, ?, 'queued', ?, ?)")
                .params(id, tenant, collectionId, total, payload)
                .update();
    }

    public Optional<Job> findJob(String tenant, UUID collectionId, UUID jobId) {
        return jdbc.sql(JOB_SELECT + " WHERE j.tenant = ? AND j.collection_id = ? AND j.id = ?")
                .params(tenant, collectionId, jobId)
                .query(this::job)
                .optional();
    }

    public Optional<Job> findJob(UUID jobId) {
        return jdbc.sql(JOB_SELECT + " WHERE j.id = ?")
                .param(jobId)
                .query(this::job)
                .optional();
    }

    /** Ids of jobs not finished (queued or interrupted by a restart), oldest first. */
    public List<UUID> unfinishedJobs() {
        return jdbc.sql("SELECT id FROM ingestion_job WHERE status IN ('queued', 'running') ORDER BY created_at")
                .query(UUID.class)
                .list();
    }

    public Optional<byte[]> jobPayload(UUID jobId) {
        return jdbc.sql("SELECT payload FROM ingestion_job WHERE id = ? AND payload IS NOT NULL")
                .param(jobId)
                .query(byte[].class)
                .optional();
    }

    public void startJob(UUID jobId) {
        jdbc.sql("UPDATE ingestion_job SET status = 'running', started_at = coalesce(started_at, now()),"
                        + " updated_at = now() WHERE id = ?")
                .param(jobId)
                .update();
    }

    /** Records a batch's outcome; runs in the batch's transaction so progress and documents commit together. */
    public void advanceJob(
            UUID jobId, int nextIndex, int succeeded, int failed, long chunks, List<JobError> errors, int maxErrors) {
        jdbc.sql("UPDATE ingestion_job SET next_index = ?, succeeded = succeeded + ?, failed = failed + ?,"
                        + " chunks = chunks + ?, errors = CASE WHEN jsonb_array_length(errors) >= ? THEN errors"
                        + " ELSE errors || ?::jsonb END, updated_at = now() WHERE id = ?")
                .params(nextIndex, succeeded, failed, chunks, maxErrors, json.writeValueAsString(errors), jobId)
                .update();
    }

    public void finishJob(UUID jobId, String status) {
        jdbc.sql("UPDATE ingestion_job SET status = ?, finished_at = now(), updated_at = now(), payload = NULL"
                        + " WHERE id = ?")
                .params(status, jobId)
                .update();
    }

    private static final String JOB_SELECT = "SELECT j.id, j.tenant, j.collection_id, c.name AS collection, j.status,"
            + " j.total, j.next_index, j.succeeded, j.failed, j.chunks, j.errors::text AS errors, j.created_at,"
            + " j.started_at, j.finished_at FROM ingestion_job j JOIN collection c ON c.id = j.collection_id";

    private Job job(ResultSet rs, int n) throws SQLException {
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getObject("collection_id", UUID.class),
                rs.getString("collection"),
                rs.getString("status"),
                rs.getInt("total"),
                rs.getInt("next_index"),
                rs.getInt("succeeded"),
                rs.getInt("failed"),
                rs.getLong("chunks"),
                List.of(json.readValue(rs.getString("errors"), JobError[].class)),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Collection collection(ResultSet rs, int n) throws SQLException {
        return new Collection(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("name"),
                instant(rs, "created_at"));
    }

    private DocumentRecord document(ResultSet rs, int n) throws SQLException {
        Map<String, String> metadata = new LinkedHashMap<>(json.readValue(rs.getString("metadata"), STRING_MAP));
        return new DocumentRecord(
                rs.getString("document_id"),
                rs.getString("title"),
                metadata,
                rs.getString("media_type"),
                rs.getInt("chunks"),
                rs.getLong("characters"),
                rs.getString("source"),
                rs.getInt("version"),
                instant(rs, "created_at"),
                instant(rs, "indexed_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
