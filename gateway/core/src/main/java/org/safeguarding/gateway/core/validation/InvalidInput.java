package org.safeguarding.gateway.core.validation;

import java.util.List;
import org.safeguarding.gateway.security.CodedException;

/** Input that cannot be accepted: a {@link Kind#INVALID_INPUT} failure naming each violation. */
public class InvalidInput extends CodedException {

    public InvalidInput(List<Violation> violations) {
        super(Kind.INVALID_INPUT, violations);
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(List.of(new Violation(field, message)));
    }
}
