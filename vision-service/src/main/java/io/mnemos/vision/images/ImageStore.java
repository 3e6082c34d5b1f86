package io.mnemos.vision.images;

import io.mnemos.vision.caption.Description;
import io.mnemos.vision.hash.GridSignature;
import io.mnemos.vision.image.ImageFormat;
import io.mnemos.vision.ocr.OcrLine;
import io.mnemos.vision.ocr.OcrResult;
import io.mnemos.vision.ocr.PageLayout;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL access to image records (schema {@code vision}). Every statement is scoped by tenant: a record of another
 * tenant is never read, matched or deleted.
 */
@Repository
public class ImageStore {
    private static final String COLUMNS =
            """
            id, tenant, filename, format, width, height, byte_size, orientation, content_hash, perceptual_hash,
            grid_cols, grid_rows, grid_levels, ocr_text, ocr_lines, ocr_confidence, ocr_layout, ocr_engine, ocr_millis,
            caption_status, caption_text, caption_provider, caption_model, caption_question, caption_error,
            caption_millis, reused_from, created_at""";

    private static final TypeReference<List<OcrLine>> LINES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ImageStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores a new record (call inside the transaction that also publishes its event). */
    public void insert(ImageRecord r) {
        CaptionOutcome c = r.caption();
        Description d = c.description();
        jdbc.sql("INSERT INTO image (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        r.id(),
                        r.tenant(),
                        r.filename(),
                        r.format().id(),
                        r.width(),
                        r.height(),
                        r.byteSize(),
                        (short) r.orientation(),
                        r.contentHash(),
                        r.perceptualHash(),
                        (short) r.grid().cols(),
                        (short) r.grid().rows(),
                        r.grid().levels(),
                        r.ocr().text(),
                        json.writeValueAsString(r.ocr().lines()),
                        (float) r.ocr().meanConfidence(),
                        r.ocr().layout().id(),
                        r.ocr().engine(),
                        (int) Math.min(Integer.MAX_VALUE, r.ocrMillis()),
                        c.status(),
                        d == null ? null : d.text(),
                        d == null ? null : d.provider(),
                        d == null ? null : d.model(),
                        c.question(),
                        c.error(),
                        c.millis() == null ? null : (int) Math.min(Integer.MAX_VALUE, c.millis()),
                        r.reusedFrom(),
                        Timestamp.from(r.createdAt()))
                .update();
    }

    /** The tenant's record with this id. */
    public Optional<ImageRecord> find(String tenant, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM image WHERE tenant = ? AND id = ?")
                .params(tenant, id)
                .query((rs, i) -> map(rs))
                .optional();
    }

    /** Deletes the tenant's record; false if there was none. */
    public boolean delete(String tenant, UUID id) {
        return jdbc.sql("DELETE FROM image WHERE tenant = ? AND id = ?")
                        .params(tenant, id)
                        .update()
                == 1;
    }

    /**
     * The tenant's stored images that may show the same picture: byte-identical ones and those whose perceptual hash is
     * at most {@code maxDistance} bits away, closest first, oldest first among equals; at most {@code limit}.
     *
     * <p>Cost: the Hamming distance is computed for every record of the tenant (an index cannot serve it), about a
     * microsecond per row in PostgreSQL.
     */
    public List<ReusePolicy.Candidate> candidates(
            String tenant, String contentHash, long perceptualHash, int maxDistance, int limit) {
        return jdbc.sql(
                        """
                        SELECT id, perceptual_hash, width, height, grid_cols, grid_rows, grid_levels,
                               content_hash = ? AS same_bytes
                        FROM (SELECT *, bit_count((perceptual_hash # ?)::bit(64)) AS distance
                              FROM image WHERE tenant = ?) AS scored
                        WHERE content_hash = ? OR distance <= ?
                        ORDER BY (content_hash = ?) DESC, distance, created_at
                        LIMIT ?""")
                .params(contentHash, perceptualHash, tenant, contentHash, maxDistance, contentHash, limit)
                .query((rs, i) -> new ReusePolicy.Candidate(
                        rs.getObject("id", UUID.class),
                        rs.getLong("perceptual_hash"),
                        rs.getInt("width"),
                        rs.getInt("height"),
                        new GridSignature(rs.getInt("grid_cols"), rs.getInt("grid_rows"), rs.getBytes("grid_levels")),
                        rs.getBoolean("same_bytes")))
                .list();
    }

    /** Number of records of a tenant (tests, metrics). */
    public long count(String tenant) {
        return jdbc.sql("SELECT count(*) FROM image WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    private ImageRecord map(ResultSet rs) throws SQLException {
        List<OcrLine> lines = json.readValue(rs.getString("ocr_lines"), LINES);
        OcrResult ocr = new OcrResult(
                rs.getString("ocr_text"),
                lines,
                rs.getFloat("ocr_confidence"),
                PageLayout.ofId(rs.getString("ocr_layout")),
                rs.getString("ocr_engine"));
        String captionText = rs.getString("caption_text");
        Description description = captionText == null
                ? null
                : new Description(captionText, rs.getString("caption_provider"), rs.getString("caption_model"));
        int captionMillis = rs.getInt("caption_millis");
        Long millis = rs.wasNull() ? null : (long) captionMillis;
        CaptionOutcome caption = new CaptionOutcome(
                rs.getString("caption_status"),
                description,
                rs.getString("caption_question"),
                rs.getString("caption_error"),
                millis);
        return new ImageRecord(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("filename"),
                ImageFormat.ofId(rs.getString("format")),
                rs.getInt("width"),
                rs.getInt("height"),
                rs.getLong("byte_size"),
                rs.getShort("orientation"),
                rs.getString("content_hash"),
                rs.getLong("perceptual_hash"),
                new GridSignature(rs.getInt("grid_cols"), rs.getInt("grid_rows"), rs.getBytes("grid_levels")),
                ocr,
                rs.getInt("ocr_millis"),
                caption,
                rs.getObject("reused_from", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }
}
