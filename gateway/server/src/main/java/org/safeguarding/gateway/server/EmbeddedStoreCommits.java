package org.safeguarding.gateway.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The embedded store's connections, each commit followed by a store header that names the chunk it wrote, so that a
 * commit answered before {@code kill -9} is found when the store is opened again.
 *
 * <p>Why: H2 (2.5.252) finds the newest commit after a crash from its store header, following each chunk's prediction of
 * where the next one goes. When a chunk lands elsewhere (in space freed by compaction, which is how the file stays
 * bounded) H2 rewrites the header, but names the chunk before the new one, whose prediction is the wrong one; the chain
 * breaks there, and H2 opens the store up to 20 commits back. {@code RestartIT} lost answered lookups this way, and
 * {@code EmbeddedStoreCrashTest} lost 48 in its first round without this class and none with it. Writing the header after
 * the commit, naming the newest chunk, costs one 8 KB write to the operating system per commit. H2's
 * {@code writeStoreHeader} is private ({@link EmbeddedStoreInternals}).
 *
 * <p>Hikari keeps its own pool over this data source; only the H2 connections it opens are wrapped.
 */
final class EmbeddedStoreCommits extends DelegatingDataSource {

    EmbeddedStoreCommits(String url, String user, String password) {
        super(h2(url, user, password));
    }

    private static DataSource h2(String url, String user, String password) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser(user);
        h2.setPassword(password);
        return h2;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(super.getConnection(user, password));
    }

    /** After a commit on this connection: the store header names the newest chunk, which holds the commit. */
    private static void headerNamesNewestChunk(Connection connection) throws SQLException {
        MVStore store = EmbeddedStoreInternals.store(connection);
        if (store != null) {
            EmbeddedStoreInternals.headerNamesNewestChunk(store);
        }
    }

    private static Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (method, result) -> {
            String name = method.getName();
            if (name.equals("commit") || name.equals("setAutoCommit") && connection.getAutoCommit()) {
                headerNamesNewestChunk(connection);
            } else if (result instanceof Statement statement) {
                @SuppressWarnings("unchecked")
                Class<Statement> type = (Class<Statement>) (result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class);
                return proxy(type, statement, (executed, ignored) -> {
                    // in auto-commit mode each statement that may write commits as it ends
                    if (executed.getName().startsWith("execute") && !executed.getName().equals("executeQuery")
                            && connection.getAutoCommit()) {
                        headerNamesNewestChunk(connection);
                    }
                    return ignored;
                });
            }
            return result;
        });
    }

    @FunctionalInterface
    private interface After {
        Object after(Method method, Object result) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.after(method, result);
        };
        return type.cast(Proxy.newProxyInstance(EmbeddedStoreCommits.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
