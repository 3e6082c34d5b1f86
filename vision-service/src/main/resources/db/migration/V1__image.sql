-- One row per processed upload. The raw image is not stored: the record keeps what was derived from it
-- (dimensions, hashes, OCR, caption), so a stored record never holds more of a tenant's picture than a
-- 1024-cell grey-level grid (the reuse signature).
CREATE TABLE image (
    id               uuid        PRIMARY KEY,          -- UUIDv7
    tenant           text        NOT NULL,
    filename         text,                             -- as sent (multipart file name or JSON filename), may be null
    format           text        NOT NULL,             -- png | jpeg | tiff | webp
    width            integer     NOT NULL,             -- upright (EXIF orientation applied)
    height           integer     NOT NULL,
    byte_size        bigint      NOT NULL,
    orientation      smallint    NOT NULL,             -- EXIF orientation that was applied (1 = none)
    content_hash     text        NOT NULL,             -- SHA-256 of the bytes, hex
    perceptual_hash  bigint      NOT NULL,             -- 64-bit DCT pHash
    grid_cols        smallint    NOT NULL,             -- grid signature that confirms a pHash match
    grid_rows        smallint    NOT NULL,
    grid_levels      bytea       NOT NULL,
    ocr_text         text        NOT NULL,
    ocr_lines        jsonb       NOT NULL,             -- [{text, box:{x,y,w,h}, confidence}]
    ocr_confidence   real        NOT NULL,
    ocr_layout       text        NOT NULL,             -- line | block | page
    ocr_engine       text        NOT NULL,
    ocr_millis       integer     NOT NULL,             -- time the OCR took (for a reused record: the original's)
    caption_status   text        NOT NULL,             -- not-configured | generated | failed
    caption_text     text,
    caption_provider text,
    caption_model    text,
    caption_question text,                             -- the question answered, null for a plain caption
    caption_error    text,
    caption_millis   integer,
    reused_from      uuid,                             -- the record whose OCR (and caption) this one copied
    created_at       timestamptz NOT NULL
);

CREATE INDEX image_tenant_created_idx ON image (tenant, created_at DESC);
CREATE INDEX image_tenant_content_idx ON image (tenant, content_hash);
