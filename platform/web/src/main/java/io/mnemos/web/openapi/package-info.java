/**
 * OpenAPI defaults for every service (springdoc): the document's title is {@code spring.application.name}; every
 * operation documents the problem+json error responses (400, 401, 403, 404, 409, 413, 500, with a shared {@code
 * Problem} schema) and requires the {@code X-Mnemos-Identity} security scheme.
 */
package io.mnemos.web.openapi;
