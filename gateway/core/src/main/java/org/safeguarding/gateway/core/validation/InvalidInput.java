package org.safeguarding.gateway.core.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Input that cannot be accepted; every adapter reports it as a 4xx naming each violation. */
public class InvalidInput extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidInput(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
