package io.mnemos.web.problem;

import io.mnemos.web.tracing.RequestIds;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Tomcat's error report as problem+json instead of its HTML page. Tomcat answers some requests itself, before any
 * filter or Spring runs, so neither {@link MnemosProblemHandler} nor {@link ProblemErrorController} sees them: above
 * all paths it refuses to decode (an encoded {@code /}, {@code \} or NUL, or a {@code ..} segment that climbs out),
 * which are 400s. Writes only when nothing else wrote a body (as Tomcat's valve does), so Spring's own problems pass
 * through unchanged.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

    private final ProblemResponses problems;

    public ProblemErrorReportValve(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String requestId = RequestIds.assign(request);
        response.setHeader(RequestIds.HEADER, requestId);
        try {
            problems.write(
                    request,
                    response,
                    new ErrorResponseException(HttpStatusCode.valueOf(status), problem(status, requestId), throwable));
        } catch (Exception | LinkageError e) {
            // As Tomcat's own valve: the connection is past saving; do not mask the original error.
            log.debug("Could not write the error report for status {}", status, e);
        }
    }

    private static ProblemDetail problem(int status, String requestId) {
        if (status == HttpStatus.BAD_REQUEST.value()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST,
                    "The request was refused before it reached the API: its path holds an encoded '/' (%2F),"
                            + " '\\' (%5C) or NUL (%00), or a '..' segment, or is otherwise not a valid path. Ids"
                            + " in a path cannot contain these; fix the path and retry.");
            problem.setType(ProblemException.type("invalid-path"));
            problem.setTitle("Invalid request path");
            return problem;
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        return code.is5xxServerError()
                ? MnemosProblemHandler.internalError(code, requestId)
                : ProblemDetail.forStatusAndDetail(code, ProblemErrorController.genericDetail(status));
    }

    /**
     * Puts a {@link ProblemErrorReportValve} in place of the host's {@link ErrorReportValve}s. Runs after Boot's
     * customizer, which adds one when {@code server.error.include-stacktrace=never} (Mnemos' default).
     */
    public static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        private final ProblemResponses problems;

        public Installer(ProblemResponses problems) {
            this.problems = problems;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                if (host instanceof StandardHost standardHost) {
                    // Else the host adds Tomcat's valve at start if it finds none of this class.
                    standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemErrorReportValve(problems));
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
