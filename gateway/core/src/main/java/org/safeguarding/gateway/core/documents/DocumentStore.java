package org.safeguarding.gateway.core.documents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Document records (metadata only). */
public class DocumentStore {

    private static final String COLUMNS = "id, kind, plan_id, nhs_number, title, file_name, content_type, size_bytes, sha256,"
            + " local_authority, uploaded_by, uploaded_at, acknowledge_within_days";

    private final JdbcClient jdbc;

    public DocumentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Document d) {
        jdbc.sql("INSERT INTO document (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.kind().code(), d.planId(), d.nhsNumber(), d.title(), d.fileName(), d.contentType(),
                        d.sizeBytes(), d.sha256(), d.localAuthority(), d.uploadedBy(),
                        OffsetDateTime.ofInstant(d.uploadedAt(), ZoneOffset.UTC), d.acknowledgeWithinDays())
                .update();
    }

    public Optional<Document> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM document WHERE id = ?").param(id).query(DocumentStore::map).optional();
    }

    private static Document map(ResultSet rs, int row) throws SQLException {
        return new Document(rs.getString("id"), DocumentKind.fromCode(rs.getString("kind")), rs.getString("plan_id"),
                rs.getString("nhs_number"), rs.getString("title"), rs.getString("file_name"), rs.getString("content_type"),
                rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("local_authority"), rs.getString("uploaded_by"),
                rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(), rs.getInt("acknowledge_within_days"));
    }
}
