package org.safeguarding.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What a refused caller is told (the message and the code) names nothing about the resource: not its id, its owner, its child or its recipients. */
class AccessDeniedProperties {

    private final AccessPolicy policy = new AccessPolicy();

    @Property(tries = 2000)
    void a_refusal_says_nothing_about_the_resource(@ForAll("callers") Caller caller, @ForAll Action action,
            @ForAll("resources") Resource resource) {
        Decision decision = policy.decide(caller, action, resource);
        if (decision.allowed()) {
            return;
        }
        AccessDenied denied = new AccessDenied(decision);
        assertThat(denied.kind()).isEqualTo(CodedException.Kind.REFUSED);
        assertThat(denied.code()).isEqualTo(decision.code());
        assertThat(denied.violations()).isEmpty();
        for (String told : new String[] {denied.getMessage(), denied.code()}) {
            assertThat(told).isNotBlank().doesNotContain(resource.id()).doesNotContain(resource.nhsNumber());
            if (resource.ownerOrg() != null) {
                assertThat(told).doesNotContain(resource.ownerOrg());
            }
            resource.recipients().forEach(r -> assertThat(told).doesNotContain(r));
        }
    }

    @Provide
    Arbitrary<Caller> callers() {
        Arbitrary<Set<Role>> roles = Arbitraries.of(Role.class).set().ofMaxSize(2)
                .map(s -> s.isEmpty() ? Set.<Role>of() : EnumSet.copyOf(s));
        return Combinators.combine(roles, Arbitraries.of("org-a", "org-b")).as((r, org) -> new Caller("sub", "user", r, org));
    }

    @Provide
    Arbitrary<Resource> resources() {
        Arbitrary<String> ids = Arbitraries.strings().alpha().ofMinLength(6).ofMaxLength(10).map(s -> "ID" + s);
        Arbitrary<String> owners = Arbitraries.of("org-a", "org-b", "secret-owner-org").injectNull(0.2);
        Arbitrary<String> nhs = Arbitraries.strings().numeric().ofLength(10).map(s -> "9" + s.substring(1));
        Arbitrary<Set<String>> recipients = Arbitraries.of("org-a", "org-b", "hidden-recipient-org").set().ofMaxSize(2);
        return Combinators.combine(Arbitraries.of("child", "plan", "document", "inbox", "dv-notification"), ids, owners, nhs, recipients)
                .as(Resource::new);
    }
}
