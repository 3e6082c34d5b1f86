package io.mnemos.web.problem;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * 413 Content Too Large: the request body exceeds a limit. The detail names the limit; the problem carries it as
 * {@code maxRequestSize} (e.g. {@code "10MB"}) and {@code maxRequestBytes}.
 */
public class PayloadTooLargeProblem extends ProblemException {
    /** The request body exceeds {@code limit} (usually {@code mnemos.web.max-request-size}). */
    public PayloadTooLargeProblem(DataSize limit) {
        this(
                limit,
                "The request body is larger than the limit of " + describe(limit)
                        + ". Send a smaller body, or split the content over several requests.");
    }

    /** The request body exceeds {@code limit}; with a specific detail. */
    public PayloadTooLargeProblem(DataSize limit, String detail) {
        super(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", detail);
        with("maxRequestSize", describe(limit));
        with("maxRequestBytes", limit.toBytes());
    }

    /** A size the way people write it: {@code 10MB}, {@code 512KB}, {@code 1000B}. */
    public static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= DataSize.ofGigabytes(1).toBytes()
                && bytes % DataSize.ofGigabytes(1).toBytes() == 0) {
            return size.toGigabytes() + "GB";
        }
        if (bytes >= DataSize.ofMegabytes(1).toBytes()
                && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + "MB";
        }
        if (bytes >= DataSize.ofKilobytes(1).toBytes()
                && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
            return size.toKilobytes() + "KB";
        }
        return bytes + "B";
    }
}
