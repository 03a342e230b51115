package io.parley.auth.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string's length in Unicode code points (the contract counts code points, not UTF-16 units as @Size does);
 * optionally no control characters and not only whitespace (display names). Null passes: pair with @NotNull.
 */
@Documented
@Constraint(validatedBy = TextLength.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface TextLength {

    int min();

    int max();

    /** Display text: no control characters, not blank. */
    boolean displayText() default false;

    String message() default "must be {min}-{max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link TextLength}. */
    class Validator implements ConstraintValidator<TextLength, String> {

        private TextLength rule;

        @Override
        public void initialize(TextLength annotation) {
            this.rule = annotation;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int length = value.codePointCount(0, value.length());
            if (length < rule.min() || length > rule.max()) {
                return false;
            }
            if (rule.displayText()) {
                if (value.isBlank() || value.codePoints().anyMatch(Character::isISOControl)) {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(
                            "must be {min}-{max} characters, not blank, without control characters")
                            .addConstraintViolation();
                    return false;
                }
            }
            return true;
        }
    }
}
