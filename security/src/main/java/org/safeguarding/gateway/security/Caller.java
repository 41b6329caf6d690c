package org.safeguarding.gateway.security;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is asking: read from a verified token, never from request parameters.
 *
 * @param subject  the token's {@code sub}
 * @param username the human-readable name (preferred_username, or the client id for systems)
 * @param roles    our realm roles only
 * @param orgId    the organisation's id in the agencies directory (claim {@code org_id}); may be null
 * @param name     the person's name as the token gives it (claim {@code name}), what others are shown as "who looked";
 *                 the username when the token has none (system clients)
 * <p>Serializable: a person signed in to the console is this caller for the session, which is stored in the database.
 */
public record Caller(String subject, String username, Set<Role> roles, String orgId, String name) implements Serializable {

    public static final Caller ANONYMOUS = new Caller("anonymous", "anonymous", Set.of(), null);

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        name = name == null || name.isBlank() ? username : name;
    }

    /** A caller known by username only: systems and the file drop. */
    public Caller(String subject, String username, Set<Role> roles, String orgId) {
        this(subject, username, roles, orgId, username);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean belongsTo(String organisation) {
        return orgId != null && orgId.equals(organisation);
    }

    public String rolesAsText() {
        return roles.stream().map(Role::claimValue).sorted().collect(Collectors.joining(","));
    }
}
