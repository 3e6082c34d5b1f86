package io.mnemos.web.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One invalid input, listed in a problem's {@code errors} member.
 *
 * @param field   where: a JSON path into the body ({@code items[0].text}) or a parameter name ({@code limit});
 *                null (omitted) for an error about the input as a whole
 * @param message what is wrong with it, e.g. {@code must not be blank}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldViolation(@Nullable String field, String message) {}
