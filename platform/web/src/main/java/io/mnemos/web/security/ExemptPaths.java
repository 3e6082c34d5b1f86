package io.mnemos.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Matches requests against the exempt path patterns. A request is exempt only if both its container-normalised path
 * (servlet path + path info) and its decoded but not normalised path match, so {@code /actuator/health/../x} or
 * {@code /x/..;/actuator/health} cannot borrow an exemption.
 */
final class ExemptPaths {
    private static final UrlPathHelper RAW = new UrlPathHelper();

    static {
        RAW.setUrlDecode(true);
        RAW.setRemoveSemicolonContent(true);
    }

    private final List<PathPattern> patterns;

    ExemptPaths(List<String> patterns) {
        PathPatternParser parser = new PathPatternParser();
        this.patterns = patterns.stream().map(parser::parse).toList();
    }

    boolean matches(HttpServletRequest request) {
        if (patterns.isEmpty()) {
            return false;
        }
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String normalised = servletPath + pathInfo;
        String decoded = RAW.getPathWithinApplication(request);
        if (normalised.isEmpty()) {
            normalised = decoded;
        }
        return matchesAny(normalised) && matchesAny(decoded);
    }

    private boolean matchesAny(String path) {
        if (path.isEmpty() || path.contains("/../") || path.endsWith("/..") || path.contains("/./")) {
            return false;
        }
        PathContainer container;
        try {
            container = PathContainer.parsePath(path);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (PathPattern p : patterns) {
            if (p.matches(container)) {
                return true;
            }
        }
        return false;
    }
}
