package org.safeguarding.gateway.core.register.batch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.safeguarding.gateway.core.model.Plan;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register's side of a batch, on PostgreSQL. Per chunk, in one transaction, at most three statements whatever the
 * chunk's size: one {@code SELECT ... FOR UPDATE} of the chunk's stored plans, one {@code INSERT} of the new ones and one
 * {@code UPDATE} of the changed ones, each over the chunk's columns passed as arrays ({@code unnest}). What becomes of each
 * plan is decided here from the locked rows: new, the same as stored (nothing written), changed, or another authority's.
 *
 * <p>Why arrays (#18, bench/run batch, 100,000 new rows, 2 cores): the JDBC batches this replaced executed one INSERT per
 * row, 2.6-2.8 s of a 3.9-4.2 s upload, and the {@code IN (?, ?, ...)} of 1,000 placeholders was parsed and planned
 * afresh for every chunk (0.14-0.7 s). One INSERT of a chunk from arrays runs in one executor pass, as COPY does: the
 * whole upload now takes 2.0-2.1 s (bench/RESULTS.md).
 *
 * <p>Two uploads inserting the same new id at once: the loser's INSERT waits for the winner and then fails on the key;
 * its chunk rolls back and is applied again, now seeing (and locking) the winner's row. Rows are locked and inserted in
 * plan id order, so two uploads cannot deadlock on them; should one lose a deadlock all the same, its chunk is applied
 * again too.
 *
 * <p>The CSV carries no contact or core group: an update leaves a plan's contact and core group as they were (set
 * through {@code PUT /api/v1/plans/{id}}); a new plan has neither.
 */
public class JdbcPlanBatchStore implements PlanBatchStore {

    private static final int ATTEMPTS = 5;

    /** The chunk's plans as one table: each column an array parameter, {@code t} in the statements below. */
    private static final String CHUNK = "unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::date[], ?::date[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::date[]) AS t (plan_id, nhs_number, plan_type, start_date, end_date, local_authority,"
            + " given_name, family_name, birth_date)";
    // in plan id order whatever the file's, so two uploads inserting the same new ids queue behind each other, never deadlock
    private static final String INSERT = "INSERT INTO cp_plan (plan_id, nhs_number, plan_type, start_date, end_date, local_authority,"
            + " given_name, family_name, birth_date, core_group, updated_at) SELECT plan_id, nhs_number, plan_type, start_date, end_date,"
            + " local_authority, given_name, family_name, birth_date, '', ? FROM " + CHUNK + " ORDER BY t.plan_id";
    // the local-authority condition is the last guard against overwriting another authority's plan
    private static final String UPDATE = "UPDATE cp_plan p SET nhs_number = t.nhs_number, plan_type = t.plan_type,"
            + " start_date = t.start_date, end_date = t.end_date, given_name = t.given_name, family_name = t.family_name,"
            + " birth_date = t.birth_date, updated_at = ? FROM " + CHUNK
            + " WHERE p.plan_id = t.plan_id AND p.local_authority = t.local_authority";
    private static final String LOCK = "SELECT plan_id, nhs_number, plan_type, start_date, end_date, local_authority, given_name,"
            + " family_name, birth_date FROM cp_plan WHERE plan_id = ANY (?::varchar[]) ORDER BY plan_id FOR UPDATE";

    /** The columns of {@link #CHUNK}, in its order, as text. */
    private static final List<Function<Plan, String>> COLUMNS = List.of(Plan::planId, p -> p.nhsNumber().value(), p -> p.type().name(),
            p -> p.startDate().toString(), p -> p.endDate() == null ? null : p.endDate().toString(), Plan::localAuthority,
            p -> p.child().givenName(), p -> p.child().familyName(), p -> p.child().birthDate().toString());

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
            } catch (DuplicateKeyException | PessimisticLockingFailureException concurrentWrite) {
                if (attempt == ATTEMPTS) {
                    throw concurrentWrite;
                }
            }
        }
    }

    private List<Applied> applyOnce(List<Plan> plans) {
        Map<String, Stored> existing = lockExisting(plans);
        List<Applied> results = new ArrayList<>(plans.size());
        List<Plan> updates = new ArrayList<>();
        List<Plan> inserts = new ArrayList<>();
        for (Plan p : plans) {
            Stored old = existing.get(p.planId());
            if (old == null) {
                inserts.add(p);
                results.add(Applied.CREATED);
            } else if (!old.localAuthority().equals(p.localAuthority())) {
                results.add(Applied.HELD_BY_OTHER_AUTHORITY);
            } else if (old.sameAs(p)) {
                results.add(Applied.UNCHANGED);
            } else {
                updates.add(p);
                results.add(Applied.UPDATED);
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        if (!updates.isEmpty() && write(UPDATE, updates, now) != updates.size()) {
            // cannot happen under the row locks; were it to, the chunk rolls back rather than report a plan updated that is not
            throw new IllegalStateException("a chunk's UPDATE missed some of the plans it had locked");
        }
        if (!inserts.isEmpty()) {
            write(INSERT, inserts, now);
        }
        return results;
    }

    /** Runs {@link #INSERT} or {@link #UPDATE} over the plans; answers the rows written. */
    private int write(String sql, List<Plan> plans, OffsetDateTime now) {
        return jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setObject(1, now);
            for (int c = 0; c < COLUMNS.size(); c++) {
                statement.setArray(c + 2, column(connection, plans, COLUMNS.get(c)));
            }
            return statement;
        });
    }

    private Map<String, Stored> lockExisting(List<Plan> plans) {
        Map<String, Stored> found = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(LOCK);
            statement.setArray(1, column(connection, plans, Plan::planId));
            return statement;
        }, rs -> {
            Stored s = Stored.of(rs);
            found.put(s.planId(), s);
        });
        return found;
    }

    /** One column of the plans as a text array (PostgreSQL casts it to the column's type in the statement). */
    private static Array column(Connection connection, List<Plan> plans, Function<Plan, String> value) throws SQLException {
        return connection.createArrayOf("text", plans.stream().map(value).toArray(String[]::new));
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
