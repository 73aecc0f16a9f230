package io.log2.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body a resource method accepts when it is not {@code log2.max-body-bytes}: the name of the
 * setting that holds it, in bytes, and an allowance for what wraps the payload (a multipart envelope and its form
 * fields), so that a payload of exactly the setting's size still fits.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BodyLimit {

    String setting();

    long allowance() default 0;
}
