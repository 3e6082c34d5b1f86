package io.mnemos.retrieval.collectionstats;

import io.mnemos.retrieval.corpusstats.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The source text of the per-tenant statistics indexes: {@code <dir>/tenants/<tenant>/<collectionId>/<sha256(id)>.txt},
 * one file per current document (first line the collection name, second the document id, then title and text). A
 * write replaces the file atomically, a delete removes it, a deleted collection removes its directory, so the files
 * are always the tenant's current documents and a rebuild reads nothing else. Document ids are hashed because they may
 * hold characters and lengths that file names cannot.
 */
public final class TenantTextStore {
    private final Path tenantsDir;

    public TenantTextStore(Path dir) {
        this.tenantsDir = dir.resolve("tenants");
    }

    public Path directory() {
        return tenantsDir;
    }

    public void write(String tenant, UUID collectionId, String collection, String id, String title, String text) {
        Path file = file(tenant, collectionId, id);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            String body = collection + "\n" + id + "\n" + (title.isBlank() ? "" : title + "\n\n") + text;
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String tenant, UUID collectionId, String id) {
        try {
            Files.deleteIfExists(file(tenant, collectionId, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteCollection(String tenant, UUID collectionId) {
        deleteRecursively(tenantsDir.resolve(tenant).resolve(collectionId.toString()));
    }

    /** Whether the tenant has any stored document. */
    public boolean hasDocuments(String tenant) {
        Path dir = tenantsDir.resolve(tenant);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(TenantTextStore::isDocument);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant's current documents (id {@code collection/documentId}), in a stable order; read lazily. */
    public List<Path> files(String tenant) {
        Path dir = tenantsDir.resolve(tenant);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(TenantTextStore::isDocument).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one stored file as a corpus document. */
    public static Document read(Path file) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int a = s.indexOf('\n');
        int b = a < 0 ? -1 : s.indexOf('\n', a + 1);
        if (b < 0) {
            throw new IllegalStateException("malformed collection-stats file " + file);
        }
        return new Document(s.substring(0, a) + "/" + s.substring(a + 1, b), s.substring(b + 1));
    }

    private static boolean isDocument(Path p) {
        return p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p);
    }

    private Path file(String tenant, UUID collectionId, String id) {
        return tenantsDir.resolve(tenant).resolve(collectionId.toString()).resolve(sha256(id) + ".txt");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
