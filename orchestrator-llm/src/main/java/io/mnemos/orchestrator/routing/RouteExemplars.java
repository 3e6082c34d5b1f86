package io.mnemos.orchestrator.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Example turns per semantic route, the semantic router's "training data".
 *
 * <p>File format (UTF-8): one exemplar per line, {@code ROUTE<TAB>text}; blank lines and lines starting with {@code #}
 * are ignored. Only {@linkplain Route#semantic() semantic} routes may appear.
 *
 * @param exemplars every exemplar, in file order
 */
public record RouteExemplars(List<Exemplar> exemplars) {

    /** The exemplars shipped with the orchestrator (written for it; no dataset text). */
    public static final String DEFAULT_RESOURCE = "routing/exemplars.tsv";

    /**
     * @param route the route this text should take
     * @param text an example turn
     */
    public record Exemplar(Route route, String text) {
        public Exemplar {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(text, "text");
            if (!route.semantic()) {
                throw new IllegalArgumentException(route + " is chosen by rules only and cannot have exemplars");
            }
            if (text.isBlank()) {
                throw new IllegalArgumentException("an exemplar text must not be blank");
            }
        }
    }

    public RouteExemplars {
        exemplars = List.copyOf(exemplars);
        if (exemplars.isEmpty()) {
            throw new IllegalArgumentException("at least one exemplar is needed");
        }
    }

    /** Reads exemplars from a classpath resource in the format above. */
    public static RouteExemplars fromClasspath(String resource) {
        InputStream in = RouteExemplars.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("routing exemplars not found on the classpath: " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(reader.lines().toList(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses lines in the format above; {@code source} names them in error messages. */
    public static RouteExemplars parse(List<String> lines, String source) {
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected ROUTE<TAB>text");
            }
            try {
                Route route = Route.valueOf(line.substring(0, tab).strip());
                out.add(new Exemplar(route, line.substring(tab + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new RouteExemplars(out);
    }

    /** Exemplars per route. */
    public Map<Route, Integer> counts() {
        Map<Route, Integer> counts = new EnumMap<>(Route.class);
        exemplars.forEach(e -> counts.merge(e.route(), 1, Integer::sum));
        return counts;
    }
}
