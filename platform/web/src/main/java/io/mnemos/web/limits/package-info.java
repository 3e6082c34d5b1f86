/**
 * Request size limits. {@link io.mnemos.web.limits.RequestSizeLimitFilter} refuses a request whose {@code
 * Content-Length} exceeds {@code mnemos.web.max-request-size} before reading it, and counts the bytes of bodies
 * without a length (chunked) as they are read, failing the read with {@link
 * io.mnemos.web.limits.RequestBodyTooLargeException} once the limit is passed. Either way the client gets a 413
 * problem that names the limit. Multipart uploads are limited by the servlet container with the same value
 * ({@code spring.servlet.multipart.*} default to it).
 */
package io.mnemos.web.limits;
