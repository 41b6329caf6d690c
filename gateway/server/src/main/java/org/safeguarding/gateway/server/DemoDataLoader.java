package org.safeguarding.gateway.server;

import org.safeguarding.gateway.security.Action;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.register.PlanRegister;
import org.safeguarding.gateway.core.register.PlanSubmission;
import org.safeguarding.gateway.core.register.PlanValidator;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.GatewayKeys;
import org.safeguarding.gateway.security.crypto.KeyMaterial;
import org.safeguarding.gateway.security.crypto.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo directory and register from {@code gateway.demo-data} (seeds/demo). The directory
 * is refreshed at every start; plans only on the first, so that what people change in the demo
 * (a deleted plan, say) survives a restart.
 */
@Component
public class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final GatewayProperties properties;
    private final AgencyDirectory agencies;
    private final PlanRegister register;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final GatewayKeys keys;
    private final Path sharedDirectory;

    public DemoDataLoader(GatewayProperties properties, AgencyDirectory agencies, PlanRegister register, AuditTrail audit,
            JsonMapper json, Clock clock, GatewayKeys keys, ClusterProperties cluster) {
        this.keys = keys;
        this.sharedDirectory = cluster.sharedDirectory();
        this.properties = properties;
        this.agencies = agencies;
        this.register = register;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        Path folder = properties.demoData();
        if (folder == null || folder.toString().isBlank()) {
            return;
        }
        boolean firstStart = agencies.isEmpty();
        List<AgencyJson> directory = json.readValue(Files.readString(folder.resolve("agencies.json")), new TypeReference<>() {});
        for (AgencyJson a : directory) {
            agencies.save(withDemoCertificate(a.toAgency()));
        }
        if (firstStart) {
            List<SeedPlan> plans = json.readValue(Files.readString(folder.resolve("plans.json")), new TypeReference<>() {});
            PlanValidator validator = new PlanValidator(clock);
            for (SeedPlan seed : plans) {
                Plan plan = validator.validate(seed.planId(), seed.toSubmission());
                register.save(plan);
                audit.append(AuditEntry.system(Action.DEMO_PLAN_LOAD, "plan/" + plan.planId(), plan.nhsNumber().value(),
                        AuditEntry.ALLOWED, "demo data from " + folder));
            }
            log.info("Loaded {} demo agencies and {} demo plans from {}", directory.size(), plans.size(), folder);
        }
    }

    /**
     * In a real partnership each agency sends its certificate; for the demo the gateway makes each
     * agency a key pair under agencies/{org_id}/ of the shared folder (the data folder of one node) (key.pem, cert.pem) on first start, so people
     * can open their copies with OpenSSL. Governance and operations receive no copies.
     */
    private Agency withDemoCertificate(Agency agency) {
        if (NO_COPIES.contains(agency.type())) {
            return agency;
        }
        KeyMaterial demoKeys = keys.agencyKeys(agency.id(), sharedDirectory.resolve("agencies").resolve(agency.id()));
        return agency.withCertificate(Pem.encode(demoKeys.certificate()));
    }

    private static final Set<String> NO_COPIES = Set.of("governance", "operations");

    record Phones(String office, String outOfHours) {}

    /** A demo MESH mailbox: used only when the gateway is given a MESH to talk to (gateway.mesh.url). */
    record MeshJson(String mailbox, String workflowId, boolean gpConnect) {}

    record AgencyJson(String id, String type, String name, List<String> postcodeAreas, Phones phones, MeshJson mesh) {
        Agency toAgency() {
            Phones p = phones == null ? new Phones(null, null) : phones;
            return new Agency(id, type, name, postcodeAreas, p.office(), p.outOfHours(), null, null,
                    mesh == null ? null : new Agency.MeshAddress(mesh.mailbox(), mesh.workflowId(), mesh.gpConnect()));
        }
    }

    /** A plan in seeds/demo/plans.json: the shape of the plan API's body, with its id. */
    record SeedPlan(String planId, String nhsNumber, String type, String startDate, String endDate, String localAuthority,
            SeedChild child, SeedContact contact, List<String> coreGroup) {
        PlanSubmission toSubmission() {
            SeedContact k = contact == null ? new SeedContact(null, null, null) : contact;
            return new PlanSubmission(nhsNumber, type, startDate, endDate, localAuthority, child.givenName(), child.familyName(),
                    child.birthDate(), k.name(), k.phone(), k.outOfHoursPhone(), coreGroup);
        }
    }

    record SeedChild(String givenName, String familyName, String birthDate) {}

    record SeedContact(String name, String phone, String outOfHoursPhone) {}
}
