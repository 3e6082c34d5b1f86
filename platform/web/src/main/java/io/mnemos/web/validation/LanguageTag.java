package io.mnemos.web.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.IllformedLocaleException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A well-formed BCP 47 language tag ({@code en}, {@code en-GB}, {@code de-CH}, {@code zh-Hant-TW}), at most {@value
 * #MAX_LENGTH} characters, with '-' between subtags as BCP 47 writes them (not Java's {@code en_GB}). Well-formed, not
 * registered: an unknown but well-formed language is accepted, as {@link Locale#forLanguageTag} does. {@code null} is
 * valid (add {@code @NotNull} where one is required); a violation is a 400 {@code validation-failed} naming the field.
 */
@Documented
@Constraint(validatedBy = LanguageTag.Validator.class)
@Target({PARAMETER, FIELD, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface LanguageTag {
    /** Longest tag (as in RFC 5646's advice for storage). */
    int MAX_LENGTH = 35;

    String message() default
            "must be a BCP 47 language tag of at most " + MAX_LENGTH + " characters, such as 'en' or"
                    + " 'en-GB' (with '-', not '_')";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a value against {@link LanguageTag}. */
    final class Validator implements ConstraintValidator<LanguageTag, String> {
        @Override
        public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
            return value == null || isValid(value);
        }

        /** Whether {@code tag} is a well-formed language tag of at most {@link #MAX_LENGTH} characters. */
        public static boolean isValid(String tag) {
            if (tag.isEmpty() || tag.length() > MAX_LENGTH) {
                return false;
            }
            try {
                // The strict parser: Locale.forLanguageTag would drop what it cannot read instead of failing.
                new Locale.Builder().setLanguageTag(tag);
                return true;
            } catch (IllformedLocaleException e) {
                return false;
            }
        }
    }
}
