package org.safeguarding.gateway.core.agency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.safeguarding.gateway.core.model.Agency;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The agencies directory: who takes part, how to reach them. */
public class AgencyDirectory {

    private static final String COLUMNS = "id, agency_type, name, postcode_areas, office_phone, out_of_hours_phone, certificate_pem, push_url";

    private final JdbcClient jdbc;

    public AgencyDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Agency> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM agency WHERE id = ?").param(id).query(AgencyDirectory::map).optional();
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
        Object[] values = {a.type(), a.name(), String.join(",", a.postcodeAreas()), a.officePhone(), a.outOfHoursPhone(),
            a.certificatePem(), a.pushUrl(), a.id()};
        int updated = jdbc.sql("UPDATE agency SET agency_type = ?, name = ?, postcode_areas = ?, office_phone = ?,"
                + " out_of_hours_phone = ?, certificate_pem = ?, push_url = ? WHERE id = ?").params(values).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO agency (agency_type, name, postcode_areas, office_phone, out_of_hours_phone, certificate_pem,"
                    + " push_url, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").params(values).update();
        }
    }

    private static Agency map(ResultSet rs, int row) throws SQLException {
        String areas = rs.getString("postcode_areas");
        return new Agency(rs.getString("id"), rs.getString("agency_type"), rs.getString("name"),
                areas == null || areas.isEmpty() ? List.of() : Arrays.asList(areas.split(",")),
                rs.getString("office_phone"), rs.getString("out_of_hours_phone"), rs.getString("certificate_pem"),
                rs.getString("push_url"));
    }
}
