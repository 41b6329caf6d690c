package org.safeguarding.gateway.core.register.batch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.safeguarding.gateway.core.model.Plan;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register's side of a batch, in plain SQL that H2 (MODE=PostgreSQL) and PostgreSQL both run.
 * Per chunk, in one transaction: one {@code SELECT ... FOR UPDATE} of the chunk's ids, then one JDBC
 * batch of UPDATEs and one of INSERTs. (H2 2.5 does not take PostgreSQL's
 * {@code ON CONFLICT ... DO UPDATE}, hence read-then-write under row locks.) Two uploads inserting
 * the same new id at once: the loser's chunk rolls back on the duplicate key and is applied again,
 * now seeing the winner's row.
 *
 * <p>The CSV carries no contact or core group: an update leaves a plan's contact and core group as
 * they were (set through {@code PUT /api/v1/plans/{id}}); a new plan has neither.
 */
public class JdbcPlanBatchStore implements PlanBatchStore {

    private static final int ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public JdbcPlanBatchStore(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public List<Applied> apply(List<Plan> plans) {
        if (plans.isEmpty()) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> applyOnce(plans));
            } catch (DuplicateKeyException concurrentInsert) {
                if (attempt == ATTEMPTS) {
                    throw concurrentInsert;
                }
            }
        }
    }

    private List<Applied> applyOnce(List<Plan> plans) {
        Map<String, Stored> existing = lockExisting(plans);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Applied> results = new ArrayList<>(plans.size());
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (Plan p : plans) {
            Stored old = existing.get(p.planId());
            if (old == null) {
                inserts.add(new Object[] {p.planId(), p.nhsNumber().value(), p.type().name(), p.startDate(), p.endDate(),
                    p.localAuthority(), p.child().givenName(), p.child().familyName(), p.child().birthDate(), "", now});
                results.add(Applied.CREATED);
            } else if (!old.localAuthority().equals(p.localAuthority())) {
                results.add(Applied.HELD_BY_OTHER_AUTHORITY);
            } else if (old.sameAs(p)) {
                results.add(Applied.UNCHANGED);
            } else {
                updates.add(new Object[] {p.nhsNumber().value(), p.type().name(), p.startDate(), p.endDate(), p.child().givenName(),
                    p.child().familyName(), p.child().birthDate(), now, p.planId(), p.localAuthority()});
                results.add(Applied.UPDATED);
            }
        }
        if (!updates.isEmpty()) {
            // the local-authority condition is the last guard against overwriting another authority's plan
            jdbc.batchUpdate("UPDATE cp_plan SET nhs_number = ?, plan_type = ?, start_date = ?, end_date = ?, given_name = ?,"
                    + " family_name = ?, birth_date = ?, updated_at = ? WHERE plan_id = ? AND local_authority = ?", updates);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO cp_plan (plan_id, nhs_number, plan_type, start_date, end_date, local_authority,"
                    + " given_name, family_name, birth_date, core_group, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        return results;
    }

    private Map<String, Stored> lockExisting(List<Plan> plans) {
        String placeholders = String.join(", ", Collections.nCopies(plans.size(), "?"));
        Object[] ids = plans.stream().map(Plan::planId).toArray();
        Map<String, Stored> found = new HashMap<>();
        jdbc.query("SELECT plan_id, nhs_number, plan_type, start_date, end_date, local_authority, given_name, family_name,"
                + " birth_date FROM cp_plan WHERE plan_id IN (" + placeholders + ") FOR UPDATE", rs -> {
                    Stored s = Stored.of(rs);
                    found.put(s.planId(), s);
                }, ids);
        return found;
    }

    private record Stored(String planId, String nhsNumber, String type, LocalDate startDate, LocalDate endDate,
            String localAuthority, String givenName, String familyName, LocalDate birthDate) {

        static Stored of(ResultSet rs) throws SQLException {
            return new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                    rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, LocalDate.class));
        }

        boolean sameAs(Plan p) {
            return nhsNumber.equals(p.nhsNumber().value()) && type.equals(p.type().name()) && startDate.equals(p.startDate())
                    && Objects.equals(endDate, p.endDate()) && givenName.equals(p.child().givenName())
                    && familyName.equals(p.child().familyName()) && birthDate.equals(p.child().birthDate());
        }
    }
}
