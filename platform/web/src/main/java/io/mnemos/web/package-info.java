/**
 * Cross-cutting HTTP behaviour for every Mnemos Spring MVC service, applied by depending on {@code mnemos-web}.
 *
 * <p>{@link io.mnemos.web.MnemosWebAutoConfiguration} wires, in filter order: the request id and trace id
 * ({@link io.mnemos.web.tracing}), the request size limit ({@link io.mnemos.web.limits}), the verified caller identity
 * and tenant ({@link io.mnemos.web.security}); then RFC 9457 problem responses for every error
 * ({@link io.mnemos.web.problem}) and OpenAPI defaults ({@link io.mnemos.web.openapi}).
 * {@link io.mnemos.web.MnemosWebEnvironmentPostProcessor} adds low-precedence defaults (actuator exposure, probes,
 * logging pattern, multipart limits) that a service's own configuration overrides.
 */
package io.mnemos.web;
