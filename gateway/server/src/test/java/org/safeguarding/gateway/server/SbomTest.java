package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The build produces a CycloneDX SBOM of what the gateway ships (cyclonedx-maven-plugin, in the jar at
 * META-INF/sbom/application.cdx.json): every library with its version and package URL, so an assessor or a vulnerability
 * scanner can match the deployed jar against advisories.
 */
class SbomTest {

    @Test
    void theJarCarriesACycloneDxBillOfItsLibraries() throws Exception {
        JsonNode bom;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/sbom/application.cdx.json")) {
            assertThat(in).as("the build's SBOM").isNotNull();
            bom = JsonMapper.builder().build().readTree(in);
        }
        assertThat(bom.get("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(bom.get("metadata").get("component").get("name").asString()).isEqualTo("gateway-server");
        Map<String, JsonNode> byName = new HashMap<>();
        bom.get("components").forEach(c -> byName.put(c.get("name").asString(), c));
        // the parts whose advisories matter most: crypto, the broker client, the database driver, FHIR, Camel, the web server
        for (String library : new String[] {"bcprov-jdk18on", "bcpkix-jdk18on", "artemis-jakarta-client", "postgresql",
            "hapi-fhir-base", "camel-core-engine", "tomcat-embed-core", "spring-security-oauth2-jose"}) {
            assertThat(byName).as(library).containsKey(library);
            JsonNode c = byName.get(library);
            assertThat(c.get("version").asString()).as(library + " version").isNotBlank();
            assertThat(c.get("purl").asString()).as(library + " purl").startsWith("pkg:maven/");
        }
        // the gateway's own modules are in it too
        assertThat(byName).containsKeys("security", "gateway-core", "gateway-console");
    }
}
