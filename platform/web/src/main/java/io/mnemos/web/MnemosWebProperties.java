package io.mnemos.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP behaviour shared by every Mnemos service ({@code mnemos.web.*}).
 *
 * @param maxRequestSize      largest request body accepted, checked against {@code Content-Length} and while a body
 *                            without one (chunked) is read; larger bodies get a 413 problem. Also the default of
 *                            {@code spring.servlet.multipart.max-file-size} and {@code max-request-size}
 * @param rejectUnknownFields whether JSON request bodies with fields the target type does not declare are refused
 *                            with a 400 problem naming the field (request bodies only; responses a service reads
 *                            from elsewhere are not affected)
 */
@Validated
@ConfigurationProperties("mnemos.web")
public record MnemosWebProperties(
        @DefaultValue("10MB") @NotNull DataSize maxRequestSize, @DefaultValue("true") boolean rejectUnknownFields) {

    /** Property holding the request size limit. */
    public static final String MAX_REQUEST_SIZE_PROPERTY = "mnemos.web.max-request-size";
    /** Default request size limit. */
    public static final String DEFAULT_MAX_REQUEST_SIZE = "10MB";

    public MnemosWebProperties {
        if (maxRequestSize != null && maxRequestSize.toBytes() <= 0) {
            throw new IllegalArgumentException(MAX_REQUEST_SIZE_PROPERTY + " must be positive, got " + maxRequestSize);
        }
    }
}
