package org.safeguarding.gateway.core.agency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.safeguarding.gateway.core.model.Agency;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The agencies directory: who takes part, how to reach them. {@link #find} answers every CP lookup
 * (the responsible authority's phones, the caller's setting), so entries are remembered for a few
 * seconds; a change saved on this node is seen at once, one saved on another within {@link #FRESH}.
 */
public class AgencyDirectory {

    static final Duration FRESH = Duration.ofSeconds(5);
    private static final String COLUMNS = "id, agency_type, name, postcode_areas, office_phone, out_of_hours_phone, certificate_pem, push_url,"
            + " mesh_mailbox, mesh_workflow, gp_connect";

    private record Remembered(Optional<Agency> agency, long readAtNanos) {}

    private final JdbcClient jdbc;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    public AgencyDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Agency> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Remembered remembered = recent.get(id);
        if (remembered != null && System.nanoTime() - remembered.readAtNanos() < FRESH.toNanos()) {
            return remembered.agency();
        }
        Optional<Agency> agency = jdbc.sql("SELECT " + COLUMNS + " FROM agency WHERE id = ?").param(id).query(AgencyDirectory::map).optional();
        recent.put(id, new Remembered(agency, System.nanoTime()));
        return agency;
    }

    public List<Agency> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agency ORDER BY id").query(AgencyDirectory::map).list();
    }

    /** The agency of a type whose postcode areas include this postcode's area (its leading letters). */
    public Optional<Agency> covering(String type, String postcode) {
        if (postcode == null || postcode.isBlank()) {
            return Optional.empty();
        }
        String area = postcode.strip().toUpperCase(java.util.Locale.ROOT).replaceAll("^([A-Z]{1,2}).*", "$1");
        return all().stream().filter(a -> a.type().equals(type) && a.postcodeAreas().contains(area)).findFirst();
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM agency").query(Long.class).single() == 0;
    }

    public void save(Agency a) {
        Agency.MeshAddress mesh = a.mesh();
        Object[] values = {a.type(), a.name(), String.join(",", a.postcodeAreas()), a.officePhone(), a.outOfHoursPhone(),
            a.certificatePem(), a.pushUrl(), mesh == null ? null : mesh.mailbox(), mesh == null ? null : mesh.workflowId(),
            mesh != null && mesh.gpConnect(), a.id()};
        int updated = jdbc.sql("UPDATE agency SET agency_type = ?, name = ?, postcode_areas = ?, office_phone = ?,"
                + " out_of_hours_phone = ?, certificate_pem = ?, push_url = ?, mesh_mailbox = ?, mesh_workflow = ?, gp_connect = ?"
                + " WHERE id = ?").params(values).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO agency (agency_type, name, postcode_areas, office_phone, out_of_hours_phone, certificate_pem,"
                    + " push_url, mesh_mailbox, mesh_workflow, gp_connect, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").params(values).update();
        }
        recent.remove(a.id());
    }

    private static Agency map(ResultSet rs, int row) throws SQLException {
        String areas = rs.getString("postcode_areas");
        return new Agency(rs.getString("id"), rs.getString("agency_type"), rs.getString("name"),
                areas == null || areas.isEmpty() ? List.of() : Arrays.asList(areas.split(",")),
                rs.getString("office_phone"), rs.getString("out_of_hours_phone"), rs.getString("certificate_pem"),
                rs.getString("push_url"), rs.getString("mesh_mailbox") == null ? null
                        : new Agency.MeshAddress(rs.getString("mesh_mailbox"), rs.getString("mesh_workflow"), rs.getBoolean("gp_connect")));
    }
}
