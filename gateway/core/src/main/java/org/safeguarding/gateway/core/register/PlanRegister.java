package org.safeguarding.gateway.core.register;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.safeguarding.gateway.core.model.Child;
import org.safeguarding.gateway.core.model.Contact;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.model.Plan;
import org.safeguarding.gateway.core.model.PlanType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The CP register: plans by id and by NHS number. Plain SQL that H2 and PostgreSQL both run. */
public class PlanRegister {

    private static final String COLUMNS = "plan_id, nhs_number, plan_type, start_date, end_date, local_authority,"
            + " given_name, family_name, birth_date, contact_name, contact_phone, contact_ooh_phone, core_group";

    private final JdbcClient jdbc;
    private final Clock clock;

    public PlanRegister(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Plan> find(String planId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cp_plan WHERE plan_id = ?").param(planId)
                .query(PlanRegister::map).optional();
    }

    /** Plans a lookup shows on a day: active ones, and ended ones for {@code visibilityDays} after their end. */
    public List<Plan> visibleFor(NhsNumber nhsNumber, LocalDate today, int visibilityDays) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cp_plan WHERE nhs_number = ? AND start_date <= ?"
                        + " AND (end_date IS NULL OR end_date >= ?) ORDER BY start_date DESC, plan_id")
                .params(nhsNumber.value(), today, today.minusDays(visibilityDays))
                .query(PlanRegister::map).list();
    }

    /**
     * One authority's plans, ended ones too, newest first: those of a child (when {@code nhsNumber} is given), with an
     * id (when {@code planId} is given), at most {@code limit}.
     */
    public List<Plan> heldBy(String localAuthority, NhsNumber nhsNumber, String planId, int limit) {
        List<Object> params = new ArrayList<>(List.of(localAuthority));
        StringBuilder where = new StringBuilder("local_authority = ?");
        if (nhsNumber != null) {
            where.append(" AND nhs_number = ?");
            params.add(nhsNumber.value());
        }
        if (planId != null) {
            where.append(" AND plan_id = ?");
            params.add(planId);
        }
        params.add(limit);
        return jdbc.sql("SELECT " + COLUMNS + " FROM cp_plan WHERE " + where + " ORDER BY start_date DESC, plan_id LIMIT ?")
                .params(params).query(PlanRegister::map).list();
    }

    /** Active plans of children with exactly this name and birth date (case-insensitive names). */
    public List<Plan> activeByDemographics(String givenName, String familyName, LocalDate birthDate, LocalDate today) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cp_plan WHERE LOWER(family_name) = LOWER(?) AND birth_date = ?"
                        + " AND LOWER(given_name) = LOWER(?) AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)")
                .params(familyName, birthDate, givenName, today, today).query(PlanRegister::map).list();
    }

    /** The local authorities holding, or having held, a plan for this NHS number: any plan on the register, ended or not. */
    public Set<String> authoritiesHolding(NhsNumber nhsNumber) {
        return new TreeSet<>(jdbc.sql("SELECT DISTINCT local_authority FROM cp_plan WHERE nhs_number = ?").param(nhsNumber.value())
                .query(String.class).list());
    }

    /** @return true when the plan was new */
    public boolean save(Plan p) {
        Contact c = p.contact();
        Object[] values = {p.nhsNumber().value(), p.type().name(), p.startDate(), p.endDate(), p.localAuthority(),
            p.child().givenName(), p.child().familyName(), p.child().birthDate(),
            c == null ? null : c.name(), c == null ? null : c.phone(), c == null ? null : c.outOfHoursPhone(),
            String.join(",", p.coreGroup()), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), p.planId()};
        int updated = jdbc.sql("UPDATE cp_plan SET nhs_number = ?, plan_type = ?, start_date = ?, end_date = ?,"
                + " local_authority = ?, given_name = ?, family_name = ?, birth_date = ?, contact_name = ?,"
                + " contact_phone = ?, contact_ooh_phone = ?, core_group = ?, updated_at = ? WHERE plan_id = ?")
                .params(values).update();
        if (updated > 0) {
            return false;
        }
        jdbc.sql("INSERT INTO cp_plan (nhs_number, plan_type, start_date, end_date, local_authority, given_name,"
                + " family_name, birth_date, contact_name, contact_phone, contact_ooh_phone, core_group, updated_at, plan_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").params(values).update();
        return true;
    }

    /** Takes the plan off the register; its sibling links go with it (V1_8). Call within the caller's transaction. */
    public boolean delete(String planId) {
        return deleted(planId, jdbc.sql("DELETE FROM cp_plan WHERE plan_id = ?").param(planId).update());
    }

    /** As {@link #delete}, but only while the plan still ended on {@code endDate} (the retention purge's selection). */
    public boolean deleteEnded(String planId, LocalDate endDate) {
        return deleted(planId, jdbc.sql("DELETE FROM cp_plan WHERE plan_id = ? AND end_date = ?").params(planId, endDate).update());
    }

    /** A transfer record stays while either of its plans does: it is the surviving plan's history. */
    private boolean deleted(String planId, int rows) {
        if (rows == 0) {
            return false;
        }
        jdbc.sql("DELETE FROM plan_transfer t WHERE (t.plan_id = ? OR t.from_plan_id = ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM cp_plan p WHERE p.plan_id = t.plan_id OR p.plan_id = t.from_plan_id)")
                .params(planId, planId).update();
        return true;
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM cp_plan").query(Long.class).single();
    }

    private static Plan map(ResultSet rs, int row) throws SQLException {
        String contactPhone = rs.getString("contact_phone");
        Contact contact = contactPhone == null ? null
                : new Contact(rs.getString("contact_name"), contactPhone, rs.getString("contact_ooh_phone"));
        String coreGroup = rs.getString("core_group");
        return new Plan(rs.getString("plan_id"), NhsNumber.parse(rs.getString("nhs_number")),
                PlanType.valueOf(rs.getString("plan_type")), rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class), rs.getString("local_authority"),
                new Child(rs.getString("given_name"), rs.getString("family_name"), rs.getObject("birth_date", LocalDate.class)),
                contact, coreGroup == null || coreGroup.isEmpty() ? List.of() : Arrays.asList(coreGroup.split(",")));
    }
}
