package io.mnemos.retrieval.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared evaluation data ({@code ../shared/data} from the repository root). Never copies it. */
public final class BenchData {
    private BenchData() {}

    /**
     * The shared data folder: system property {@code mnemos.data}, env {@code MNEMOS_DATA}, else the first
     * {@code shared/data} found walking up from the working directory.
     */
    public static Optional<Path> root() {
        String prop = System.getProperty("mnemos.data", System.getenv("MNEMOS_DATA"));
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** A dataset sub-folder if it exists with the given file. */
    public static Optional<Path> dataset(String name, String requiredFile) {
        return root().map(r -> r.resolve(name)).filter(d -> Files.isRegularFile(d.resolve(requiredFile)));
    }
}
