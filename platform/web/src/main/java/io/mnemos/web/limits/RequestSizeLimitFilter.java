package io.mnemos.web.limits;

import io.mnemos.web.problem.PayloadTooLargeProblem;
import io.mnemos.web.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces {@code mnemos.web.max-request-size}. A declared {@code Content-Length} over the limit is answered with
 * 413 at once, without reading the body. A body of unknown length (chunked transfer) is wrapped in a stream that
 * fails with {@link RequestBodyTooLargeException} once more than the limit is read; the problem handlers answer 413.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {
    /** After the request id (so the 413 carries it), before anything reads the body. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final DataSize limit;
    private final ProblemResponses problems;

    public RequestSizeLimitFilter(DataSize limit, ProblemResponses problems) {
        this.limit = limit;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit.toBytes()) {
            problems.write(request, response, new PayloadTooLargeProblem(limit));
            return;
        }
        HttpServletRequest limited = declared < 0 ? new LimitedRequest(request, limit) : request;
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // Read by a filter after this one (outside Spring MVC's exception handling): answer here.
            if (causedByTooLarge(e) && !response.isCommitted()) {
                problems.write(request, response, new PayloadTooLargeProblem(limit));
                return;
            }
            throw e;
        }
    }

    private static boolean causedByTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** A request whose body stream counts bytes and fails past the limit. */
    static final class LimitedRequest extends HttpServletRequestWrapper {
        private final DataSize limit;
        private @Nullable ServletInputStream stream;
        private @Nullable BufferedReader reader;

        LimitedRequest(HttpServletRequest request, DataSize limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    /** Counts what is read; throws once more than the limit has been read. */
    static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final DataSize limit;
        private final long max;
        private long count;

        LimitedInputStream(ServletInputStream delegate, DataSize limit) {
            this.delegate = delegate;
            this.limit = limit;
            this.max = limit.toBytes();
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = delegate.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            int n = delegate.read(buffer);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) throws RequestBodyTooLargeException {
            count += n;
            if (count > max) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
