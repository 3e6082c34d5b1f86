package io.mnemos.retrieval.collection;

import io.mnemos.contracts.text.NulCharacters;
import io.mnemos.retrieval.index.TenantIndex;
import io.mnemos.web.problem.FieldViolation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation of names, ids, documents and filters; every violation becomes a 4xx problem. */
final class Inputs {
    /** Collection names: they appear in paths. */
    static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Document ids: safe in a path segment, no '#' (chunk ids are {@code documentId#n}). */
    static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9._:@+=~-]{1,200}");
    /** Metadata keys: become Lucene field names. */
    static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** The filter key that matches the document id rather than metadata. */
    static final String DOCUMENT_ID_FILTER = "documentId";

    private Inputs() {}

    static String collectionName(@Nullable String name, String field) {
        if (name == null || name.isBlank()) {
            throw RetrievalProblems.invalid(field, "must not be blank");
        }
        if (!COLLECTION_NAME.matcher(name).matches()) {
            throw RetrievalProblems.invalid(
                    field, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    static void tenant(String tenant) {
        if (!TenantIndex.TENANT_ID.matcher(tenant).matches()) {
            throw RetrievalProblems.unsupportedTenant(tenant);
        }
    }

    static @Nullable String documentIdViolation(@Nullable String id) {
        if (id == null || id.isEmpty()) {
            return "is required";
        }
        if (!DOCUMENT_ID.matcher(id).matches()) {
            return "must be 1-200 letters, digits or . _ : @ + = ~ -";
        }
        return null;
    }

    /**
     * Checks one document; adds violations under {@code path} (e.g. {@code documents[3]}) and throws 413 for text over
     * the limit at once.
     */
    static void document(DocumentInput d, String path, RetrievalProperties.Limits limits, List<FieldViolation> errors) {
        String idProblem = documentIdViolation(d.id());
        if (idProblem != null) {
            errors.add(new FieldViolation(path + ".id", idProblem));
        }
        String title = d.title() == null ? "" : d.title();
        String text = d.text() == null ? "" : d.text();
        if (title.length() > limits.maxTitleChars()) {
            errors.add(
                    new FieldViolation(path + ".title", "must be at most " + limits.maxTitleChars() + " characters"));
        }
        if (text.length() > limits.maxDocumentChars()) {
            throw RetrievalProblems.documentTooLarge(
                    "Document " + (d.id() == null ? path : "'" + d.id() + "'"),
                    text.length(),
                    limits.maxDocumentChars(),
                    "characters");
        }
        // Every ingestion path (JSON, NDJSON, uploaded files, Kafka) ends here: text extracted from a file is not
        // checked when the request is read, and PostgreSQL cannot store NUL.
        if (NulCharacters.contains(title)) {
            errors.add(new FieldViolation(path + ".title", NulCharacters.MESSAGE));
        }
        if (NulCharacters.contains(text)) {
            errors.add(new FieldViolation(path + ".text", NulCharacters.MESSAGE));
        }
        if (title.isBlank() && text.isBlank()) {
            errors.add(new FieldViolation(path + ".text", "must not be blank (a document needs a text or a title)"));
        }
        metadata(d.metadata(), path + ".metadata", limits, errors);
    }

    static void metadata(
            @Nullable Map<String, String> metadata,
            String path,
            RetrievalProperties.Limits limits,
            List<FieldViolation> errors) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > limits.maxMetadataEntries()) {
            errors.add(new FieldViolation(path, "must have at most " + limits.maxMetadataEntries() + " entries"));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!METADATA_KEY.matcher(e.getKey()).matches() || e.getKey().equals(DOCUMENT_ID_FILTER)) {
                errors.add(new FieldViolation(
                        path + "." + e.getKey(),
                        "key must be 1-64 letters, digits, '_', '.' or '-' (and not 'documentId')"));
            } else if (e.getValue() == null) {
                errors.add(new FieldViolation(path + "." + e.getKey(), "must not be null"));
            } else if (NulCharacters.contains(e.getValue())) {
                errors.add(new FieldViolation(path + "." + e.getKey(), NulCharacters.MESSAGE));
            } else if (e.getValue().length() > limits.maxMetadataValueChars()) {
                errors.add(new FieldViolation(
                        path + "." + e.getKey(), "must be at most " + limits.maxMetadataValueChars() + " characters"));
            }
        }
    }

    /** Validates a batch: all-or-nothing, with every violation listed. Ids must be unique within the batch. */
    static void documents(List<DocumentInput> docs, String path, RetrievalProperties.Limits limits) {
        List<FieldViolation> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            DocumentInput d = docs.get(i);
            String p = path + "[" + i + "]";
            if (d == null) {
                errors.add(new FieldViolation(p, "must not be null"));
                continue;
            }
            document(d, p, limits, errors);
            if (d.id() != null) {
                Integer before = seen.putIfAbsent(d.id(), i);
                if (before != null) {
                    errors.add(new FieldViolation(
                            p + ".id", "repeats the id of " + path + "[" + before + "]; send each document once"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw RetrievalProblems.invalid(errors.size() > 100 ? errors.subList(0, 100) : errors);
        }
    }

    /** Validated filters: metadata keys (or {@code documentId}) to exact values. */
    static Map<String, String> filters(@Nullable Map<String, String> filters, RetrievalProperties.Limits limits) {
        if (filters == null || filters.isEmpty()) {
            return Map.of();
        }
        if (filters.size() > limits.maxFilters()) {
            throw RetrievalProblems.invalid("filters", "must have at most " + limits.maxFilters() + " entries");
        }
        for (Map.Entry<String, String> e : filters.entrySet()) {
            if (!METADATA_KEY.matcher(e.getKey()).matches()) {
                throw RetrievalProblems.invalidFilter(e.getKey(), "is not a valid metadata key");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw RetrievalProblems.invalidFilter(e.getKey(), "needs a non-empty string value");
            }
            if (e.getValue().length() > limits.maxMetadataValueChars()) {
                throw RetrievalProblems.invalidFilter(
                        e.getKey(), "value is longer than " + limits.maxMetadataValueChars() + " characters");
            }
        }
        return Map.copyOf(filters);
    }
}
