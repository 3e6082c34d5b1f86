package io.mnemos.web;

import io.mnemos.contracts.text.NulCharacters;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules for {@code @RequestBody} JSON, applied to Spring MVC's server-side converters only, with a copy of Boot's
 * {@link JsonMapper} (so {@code spring.jackson.*} and every {@code JsonMapperBuilderCustomizer} still apply); the
 * application's {@code JsonMapper} bean and HTTP clients stay tolerant.
 *
 * <ul>
 *   <li>A string holding NUL ({@code \u0000}) is a 400 naming the field: PostgreSQL cannot store it.
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
        this.strict = mapper.rebuild()
                .addModule(NulCharacters.module())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, rejectUnknownFields)
                .build();
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
