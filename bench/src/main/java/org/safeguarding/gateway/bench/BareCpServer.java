package org.safeguarding.gateway.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.h2.jdbcx.JdbcConnectionPool;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/**
 * The baseline for the lookup benchmark: a bare HAPI FHIR RestfulServer on embedded Tomcat serving
 * the same plans (the same CSV, the same H2 engine, schema and index) in the same CareTeam shape,
 * with no token check, no access policy, no audit and no access notification.
 * Usage: BareCpServer port plans.csv
 */
public final class BareCpServer {

    private BareCpServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:bare;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(64);
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("CREATE TABLE cp_plan (plan_id VARCHAR(64) PRIMARY KEY, nhs_number CHAR(10) NOT NULL,"
                    + " plan_type VARCHAR(4) NOT NULL, start_date DATE NOT NULL, end_date DATE, local_authority VARCHAR(100) NOT NULL,"
                    + " given_name VARCHAR(100), family_name VARCHAR(100), birth_date DATE)");
            c.createStatement().execute("CREATE INDEX cp_plan_nhs_number ON cp_plan (nhs_number)");
            load(c, Path.of(args[1]));
        }
        RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
        fhir.setDefaultResponseEncoding(EncodingEnum.JSON);
        fhir.setResourceProviders(new BareCareTeams(pool));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bare-tomcat").toString());
        tomcat.setPort(port);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "fhir", fhir).setLoadOnStartup(1);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
        System.out.println("bare HAPI server ready on " + port);
        tomcat.getServer().await();
    }

    private static void load(Connection c, Path csv) throws Exception {
        c.setAutoCommit(false);
        try (BufferedReader in = Files.newBufferedReader(csv);
             PreparedStatement insert = c.prepareStatement("INSERT INTO cp_plan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            in.readLine();
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",", -1);
                insert.setString(1, f[0]);
                insert.setString(2, f[1]);
                insert.setString(3, f[2]);
                insert.setObject(4, java.time.LocalDate.parse(f[3]));
                insert.setObject(5, f[4].isEmpty() ? null : java.time.LocalDate.parse(f[4]));
                insert.setString(6, f[5]);
                insert.setString(7, f[6]);
                insert.setString(8, f[7]);
                insert.setObject(9, java.time.LocalDate.parse(f[8]));
                insert.addBatch();
                if (++n % 5000 == 0) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }

    /** The same search, the same query, the same resource shape: nothing else. */
    public static final class BareCareTeams implements IResourceProvider {

        private static final Map<String, String> SNOMED = Map.of(
                "CPP", "342191000000101", "LAC", "764841000000100", "UCPP", "818901000000100");

        private final JdbcConnectionPool pool;

        BareCareTeams(JdbcConnectionPool pool) {
            this.pool = pool;
        }

        @Override
        public Class<CareTeam> getResourceType() {
            return CareTeam.class;
        }

        @Search(allowUnknownParams = true)
        public List<CareTeam> search(HttpServletRequest request) throws Exception {
            String token = request.getParameter("patient:identifier");
            String nhs = token.substring(token.indexOf('|') + 1);
            List<CareTeam> teams = new ArrayList<>();
            try (Connection c = pool.getConnection();
                 PreparedStatement query = c.prepareStatement("SELECT plan_id, plan_type, start_date, end_date, local_authority, given_name,"
                         + " family_name FROM cp_plan WHERE nhs_number = ? AND start_date <= CURRENT_DATE"
                         + " AND (end_date IS NULL OR end_date >= CURRENT_DATE - 365)")) {
                query.setString(1, nhs);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        CareTeam team = new CareTeam();
                        team.setId(rs.getString("plan_id"));
                        team.setStatus(rs.getObject("end_date") == null ? CareTeam.CareTeamStatus.ACTIVE : CareTeam.CareTeamStatus.INACTIVE);
                        // CP-IS's shape, as the gateway answers: the SNOMED CT category first, the LA's name and phones
                        team.addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", SNOMED.get(rs.getString("plan_type")),
                                rs.getString("plan_type"))).addCoding(new Coding("https://safeguarding-gateway.example/CodeSystem/cp-plan-type",
                                rs.getString("plan_type"), rs.getString("plan_type"))));
                        team.setName(rs.getString("local_authority"));
                        team.setSubject(new Reference().setIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(nhs))
                                .setDisplay(rs.getString("given_name") + " " + rs.getString("family_name")));
                        team.getPeriod().setStartElement(new DateTimeType(rs.getString("start_date")));
                        Organization la = new Organization();
                        la.setId("responsible-authority");
                        la.addIdentifier().setSystem("https://safeguarding-gateway.example/Id/org-id").setValue(rs.getString("local_authority"));
                        la.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("01632 960001");
                        team.addContained(la);
                        team.getManagingOrganizationFirstRep().setReference("#responsible-authority");
                        team.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("01632 960001")
                                .setUse(ContactPoint.ContactPointUse.WORK);
                        team.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("01632 960002")
                                .setUse(ContactPoint.ContactPointUse.MOBILE);
                        teams.add(team);
                    }
                }
            }
            return teams;
        }
    }
}
