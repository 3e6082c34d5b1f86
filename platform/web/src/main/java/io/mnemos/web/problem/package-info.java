/**
 * Every HTTP error as an RFC 9457 {@code application/problem+json} document.
 *
 * <p>Services throw a {@link io.mnemos.web.problem.ProblemException} (or one of its subclasses) for errors they
 * detect; {@link io.mnemos.web.problem.MnemosProblemHandler} turns those and every framework exception (validation,
 * unreadable JSON, wrong parameter types, unsupported media type, unknown route, …) into a problem, and anything
 * unexpected into a generic 500 that is logged with its stack trace on the server only.
 * {@link io.mnemos.web.problem.ProblemErrorController} does the same for errors that reach the servlet container's
 * error page ({@code /error}), e.g. exceptions thrown in filters.
 *
 * <p>Every problem has a stable {@code type} ({@code https://mnemos.io/problems/<slug>}), a {@code title}, the {@code
 * status}, a {@code detail} that says what is wrong and what to do, the {@code instance} (request path) and the
 * {@code requestId}; validation problems add {@code errors: [{field, message}]}.
 */
package io.mnemos.web.problem;
