package dev.pybridge.api.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the task is, in words for the language model: the instructions of the signature that
 * {@link Signature#of(Class, Class)} derives. Read from the outputs record, else from the inputs
 * record.
 *
 * <pre>{@code
 * @Instructions("Answer the question from the context, in one sentence.")
 * record Answer(String answer, double confidence) {}
 * }</pre>
 *
 * @since 0.2
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Instructions {

    /** The instructions; not blank. */
    String value();
}
