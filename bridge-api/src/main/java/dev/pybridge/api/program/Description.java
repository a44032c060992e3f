package dev.pybridge.api.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a record component holds, in words for the language model: the description of its field
 * when {@link Signature#of(Class, Class)} derives a signature from the record.
 *
 * <pre>{@code
 * record Answer(@Description("one short sentence") String answer,
 *               @Description("between 0 and 1") double confidence) {}
 * }</pre>
 *
 * <p>Besides record components it may sit where the JDK propagates a component's annotations (the
 * field, the accessor and the canonical constructor's parameter), so that tools reading those
 * (a JSON schema generator, say) see it too. Only the component's is read here.
 *
 * @since 0.2
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {

    /** The description; not blank. */
    String value();
}
