package io.mnemos.orchestrator.llm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds {@code shared/models/mnemos-tiny-llama} (beside the repository; never copied into it). */
final class TinyModel {
    static final String NAME = "mnemos-tiny-llama";

    private TinyModel() {}

    /** The model directory, or empty when the shared models are not on this machine. */
    static Optional<Path> dir() {
        String configured = System.getProperty("mnemos.tiny.model", System.getenv("MNEMOS_TINY_MODEL"));
        List<String> candidates = configured != null
                ? List.of(configured)
                : List.of("../../shared/models/" + NAME, "../shared/models/" + NAME, "shared/models/" + NAME);
        return candidates.stream()
                .map(Path::of)
                .filter(p -> Files.isRegularFile(p.resolve("model.safetensors")))
                .map(p -> p.toAbsolutePath().normalize())
                .findFirst();
    }

    static final String MISSING = "the real test model " + NAME + " is not here (expected in ../shared/models/" + NAME
            + " relative to the repository root, or -Dmnemos.tiny.model=DIR): skipping";
}
