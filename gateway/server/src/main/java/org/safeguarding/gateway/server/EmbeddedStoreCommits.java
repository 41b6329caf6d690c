package org.safeguarding.gateway.server;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The embedded store's connections, each commit followed by a store header that names the chunk it wrote, so that a
 * commit answered before {@code kill -9} is found when the store is opened again.
 *
 * <p>Why: H2 (2.5.252) finds the newest commit after a crash from its store header, following each chunk's prediction of
 * where the next one goes. When a chunk lands elsewhere (in space freed by compaction, which is how the file stays
 * bounded) H2 rewrites the header, but names the chunk before the new one, whose prediction is the wrong one; the chain
 * breaks there, and H2 opens the store up to 20 commits back. {@code RestartIT} lost answered lookups this way, and
 * {@code EmbeddedStoreCrashTest} loses commits in most runs without this class and none with it. Writing the header after
 * the commit, naming the newest chunk, costs one 8 KB write to the operating system per commit. H2's
 * {@code writeStoreHeader} is private, so it is called reflectively; the test fails if an H2 upgrade renames it.
 *
 * <p>Hikari keeps its own pool over this data source; only the H2 connections it opens are wrapped.
 */
final class EmbeddedStoreCommits extends DelegatingDataSource {

    private static final Field SAVE_CHUNK_LOCK = field("saveChunkLock");
    private static final Field LAST_CHUNK = field("lastChunk");
    private static final Field STORE_HEADER = field("storeHeader");
    private static final Method WRITE_STORE_HEADER = writeStoreHeader();
    /** FileStore.HDR_CHUNK: the header's entry naming its chunk. */
    private static final String HEADER_CHUNK = "chunk";

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
    static void headerNamesNewestChunk(Connection connection) throws SQLException {
        MVStore store = EmbeddedStoreHousekeeping.store(connection);
        if (store != null) {
            headerNamesNewestChunk(store);
        }
    }

    static void headerNamesNewestChunk(MVStore store) {
        if (store.isClosed() || !(store.getFileStore() instanceof RandomAccessStore file)) {
            return;
        }
        try {
            // the lock H2 holds while it writes a chunk and sets it as the newest
            ReentrantLock saving = (ReentrantLock) SAVE_CHUNK_LOCK.get(file);
            saving.lock();
            try {
                Chunk<?> newest = (Chunk<?>) LAST_CHUNK.get(file);
                Object named = ((Map<?, ?>) STORE_HEADER.get(file)).get(HEADER_CHUNK);
                if (newest != null && !(named instanceof Integer id && id == newest.id)) {
                    WRITE_STORE_HEADER.invoke(file);
                }
            } finally {
                saving.unlock();
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
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

    private static Field field(String name) {
        try {
            Field f = FileStore.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this H2 has no FileStore." + name + "; see EmbeddedStoreCommits", e);
        }
    }

    private static Method writeStoreHeader() {
        try {
            Method m = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this H2 has no RandomAccessStore.writeStoreHeader(); see EmbeddedStoreCommits", e);
        }
    }
}
