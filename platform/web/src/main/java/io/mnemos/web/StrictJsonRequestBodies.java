package io.mnemos.web;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes {@code @RequestBody} JSON fail on fields the target type does not declare, so a typo ({@code "lmit": 5}) is
 * a 400 that names the field instead of a silently ignored value. Applied to Spring MVC's server-side JSON converter
 * only, with a copy of Boot's {@link JsonMapper} (so {@code spring.jackson.*} and every {@code
 * JsonMapperBuilderCustomizer} still apply); the application's {@code JsonMapper} bean and HTTP clients stay
 * tolerant. Disable with {@code mnemos.web.reject-unknown-fields=false}.
 */
public class StrictJsonRequestBodies implements ServerHttpMessageConvertersCustomizer {
    private final JsonMapper strict;

    /** @param mapper Boot's configured mapper, copied with {@code FAIL_ON_UNKNOWN_PROPERTIES} enabled */
    public StrictJsonRequestBodies(JsonMapper mapper) {
        this.strict = mapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @Override
    public void customize(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(
                converters -> converters.replaceAll(c -> c.getClass() == JacksonJsonHttpMessageConverter.class
                        ? new JacksonJsonHttpMessageConverter(strict)
                        : c));
    }

    /** The mapper used for request bodies. */
    public JsonMapper mapper() {
        return strict;
    }
}
