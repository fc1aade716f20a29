package org.kith.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.kith.core.account.StepUpPolicy;

/**
 * Marks a handler that asks {@link StepUpPolicy} for the operation before it changes or reveals anything, so the
 * OpenAPI document states its RFC 9470 401 ({@link ContractDocument}). The check itself is the handler's call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StepUpRequired {
  StepUpPolicy.Operation value();
}
