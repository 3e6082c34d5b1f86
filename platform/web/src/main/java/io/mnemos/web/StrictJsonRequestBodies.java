package io.mnemos.web;

import io.mnemos.contracts.text.NulCharacters;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The rules for {@code @RequestBody} JSON, applied to Spring MVC's server-side converters only, with a copy of Boot's
 * {@link JsonMapper} (so {@code spring.jackson.*} and every {@code JsonMapperBuilderCustomizer} still apply); the
 * application's {@code JsonMapper} bean and HTTP clients stay tolerant.
 *
 * <ul>
 *   <li>A string holding NUL ({@code \u0000}) is a 400 naming the field: PostgreSQL cannot store it.
 *   <li>Scalars are taken as sent, never converted: a number or {@code true}/{@code false} where a string is declared
 *       ({@code "name": 123}), a string where a number or boolean is ({@code "k": "5"}), and a number with a fraction or
 *       exponent where an integer is ({@code "k": 1.5}, which Jackson would truncate to 1) are 400s naming the field.
 *       A whole number where a floating-point number is declared is fine ({@code "score": 1}).
 *   <li>A field the target type does not declare ({@code "lmit": 5}) is a 400 naming it instead of a silently ignored
 *       value, unless {@code mnemos.web.reject-unknown-fields=false}.
 *   <li>JSON only: YAML converters (Jackson 2's, present because springdoc needs jackson-dataformat-yaml) are removed,
 *       so a YAML body is a 415 instead of a body that skips these checks.
 * </ul>
 */
public class StrictJsonRequestBodies implements ServerHttpMessageConvertersCustomizer {
    private final JsonMapper strict;

    /**
     * @param mapper              Boot's configured mapper, copied with the rules above
     * @param rejectUnknownFields whether unknown fields fail ({@code FAIL_ON_UNKNOWN_PROPERTIES})
     */
    public StrictJsonRequestBodies(JsonMapper mapper, boolean rejectUnknownFields) {
        this.strict = strictScalars(mapper.rebuild())
                .addModule(NulCharacters.module())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, rejectUnknownFields)
                .build();
    }

    /**
     * The scalar rules above (no coercion between strings, numbers and booleans; no fraction where an integer is
     * declared), for a service that reads a client's JSON with its own mapper (e.g. NDJSON lines, a JSON form field).
     * {@link io.mnemos.web.problem.MnemosProblemHandler} turns the resulting exceptions into 400s naming the field.
     */
    public static JsonMapper.Builder strictScalars(JsonMapper.Builder builder) {
        return builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "5" -> 5, "true" -> true
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // 1.5 -> 1
                // ALLOW_COERCION_OF_SCALARS does not cover strings: 123 -> "123", true -> "true"
                .withCoercionConfig(
                        LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Override
    public void customize(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> {
            converters.removeIf(StrictJsonRequestBodies::readsYaml);
            converters.replaceAll(c -> c.getClass() == JacksonJsonHttpMessageConverter.class
                    ? new JacksonJsonHttpMessageConverter(strict)
                    : c);
        });
    }

    /** A YAML converter; not one that takes any type (e.g. byte[] and String ones, which springdoc needs). */
    private static boolean readsYaml(HttpMessageConverter<?> converter) {
        return converter.getSupportedMediaTypes().stream()
                .anyMatch(t -> t.getSubtype().equals("yaml") || t.getSubtype().endsWith("+yaml"));
    }

    /** The mapper used for request bodies. */
    public JsonMapper mapper() {
        return strict;
    }
}
