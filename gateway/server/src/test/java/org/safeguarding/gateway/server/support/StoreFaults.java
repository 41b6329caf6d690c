package org.safeguarding.gateway.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Makes the gateway's store unusable, as a database server gone away would, and usable again: its database stops
 * taking connections and the gateway's are ended, then it takes them again. Acts through the server's maintenance
 * database, as an operator would.
 */
public record StoreFaults(String maintenanceUrl, String user, String password, String database) {

    public void fail() throws SQLException {
        try (Connection c = DriverManager.getConnection(maintenanceUrl, user, password)) {
            c.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            c.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND pid <> pg_backend_pid()");
        }
    }

    public void recover() throws SQLException {
        try (Connection c = DriverManager.getConnection(maintenanceUrl, user, password)) {
            c.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
    }
}
