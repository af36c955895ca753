package cn.sunlight.common.input;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The digits a decimal of a JSON body may have when it is not money (a score, a weight); on a map or list, its
 * values. Read by {@link JsonInputModule} while parsing, so it also bounds values of collections, which
 * {@code @Digits} cannot.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface DecimalBounds {
    int integer();

    int fraction();
}
