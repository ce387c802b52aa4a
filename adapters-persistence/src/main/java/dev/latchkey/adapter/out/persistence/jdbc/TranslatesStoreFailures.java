package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.aop.Around;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Every method of the annotated adapter reports a lost database as {@code StoreUnavailable}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Around
@interface TranslatesStoreFailures {
}
