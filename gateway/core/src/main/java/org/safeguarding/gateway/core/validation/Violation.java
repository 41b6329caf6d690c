package org.safeguarding.gateway.core.validation;

/** One thing wrong with an input, named by its field path (e.g. {@code child.birthDate}). */
public record Violation(String field, String message) {}
