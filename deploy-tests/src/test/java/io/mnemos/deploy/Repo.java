package io.mnemos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Paths into the repository and small YAML helpers shared by the deployment tests. */
final class Repo {

    /** The six Mnemos services with the port each listens on. */
    static final Map<String, Integer> SERVICES = Map.of(
            "gateway", 8080,
            "orchestrator-llm", 8081,
            "memory-service", 8082,
            "retrieval-service", 8083,
            "speech-service", 8084,
            "vision-service", 8085);

    /** Services whose data directory (Lucene indexes) must outlive a restart. */
    static final List<String> DATA_SERVICES = List.of("memory-service", "retrieval-service");

    private Repo() {}

    /** The repository root: the parent of this module's directory (Surefire runs in the module dir). */
    static Path root() {
        Path moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path root = moduleDir.resolve("..").normalize();
        assertThat(root.resolve("pom.xml"))
                .as("repository root resolved from the module dir %s", moduleDir)
                .isRegularFile();
        return root;
    }

    static Path chart() {
        return root().resolve("helm").resolve("mnemos");
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static Map<String, Object> loadMap(Path file) throws IOException {
        return asMap(yaml().load(Files.readString(file)));
    }

    /** Every non-empty document of a multi-document YAML stream, e.g. the output of {@code helm template}. */
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add(asMap(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** The value at a dotted path of nested maps ({@code "spec.template.spec"}), if every step exists. */
    static Optional<Object> at(Map<String, Object> map, String dottedPath) {
        Object current = map;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            current = m.get(key);
        }
        return Optional.ofNullable(current);
    }

    static Map<String, Object> mapAt(Map<String, Object> map, String dottedPath) {
        return asMap(at(map, dottedPath).orElseThrow(() -> new AssertionError("missing " + dottedPath)));
    }

    static String stringAt(Map<String, Object> map, String dottedPath) {
        return String.valueOf(at(map, dottedPath).orElseThrow(() -> new AssertionError("missing " + dottedPath)));
    }

    /** Deep copy of a YAML tree (maps and lists), so tests can modify it. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }
}
