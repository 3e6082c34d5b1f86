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
import org.jspecify.annotations.Nullable;

/**
 * An end user's id (user ids belong to the client; there is no user registry): 1 to {@value #MAX_LENGTH} characters,
 * not only whitespace, without {@code /} (ids appear in paths) or control characters. {@code null} is valid (add
 * {@code @NotNull} where one is required). On a {@code @PathVariable}, {@code @RequestParam} or body field; a
 * violation is a 400 {@code validation-failed} naming the field.
 */
@Documented
@Constraint(validatedBy = UserId.Validator.class)
@Target({PARAMETER, FIELD, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface UserId {
    /** Longest user id. */
    int MAX_LENGTH = 200;

    /** What a valid user id is, for a message after the field's name. */
    String MESSAGE = "must be 1–" + MAX_LENGTH + " characters, not only spaces, without '/' or control characters";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a value against {@link UserId}. */
    final class Validator implements ConstraintValidator<UserId, String> {
        @Override
        public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
            return value == null || isValid(value);
        }

        /** Whether {@code userId} is a valid user id (for code that checks one outside bean validation). */
        public static boolean isValid(String userId) {
            if (userId.isEmpty() || userId.length() > MAX_LENGTH || userId.isBlank()) {
                return false;
            }
            return userId.chars().noneMatch(c -> c == '/' || Character.isISOControl(c));
        }
    }
}
