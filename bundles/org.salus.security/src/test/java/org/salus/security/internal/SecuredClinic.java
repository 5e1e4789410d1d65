package org.salus.security.internal;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.salus.core.command.Actor;
import org.salus.core.internal.audit.AuditService;
import org.salus.core.internal.command.ClinicCommandService;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.internal.projection.ProjectionReader;
import org.salus.core.internal.projection.Projector;
import org.salus.core.internal.query.QueryService;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpQuery;
import org.salus.model.security.User;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserInfo;
import org.salus.store.h2.internal.FileKeyProvider;
import org.salus.store.h2.internal.H2ClinicStore;
import org.salus.store.h2.internal.H2StoreSettings;

/**
 * One clinic device wired by hand as a plain JVM wires it: an encrypted H2 store, the core's commands, queries and
 * audit (checked through the command service), and the real security service bound as the core's access control. Argon2 runs with small parameters here
 * (the production cost is measured in PasswordHasherTest).
 */
final class SecuredClinic implements AutoCloseable {

    static final Argon2Settings FAST = new Argon2Settings(64, 1, 1);
    /** The password the setup account sets at its first login. */
    static final char[] SETUP_PASSWORD = "first admin passphrase".toCharArray();

    final TestClock clock;
    final H2ClinicStore store;
    final ClinicCommandService commands;
    final SecurityService security;
    final QueryService queries;
    final AuditService audit;
    final SwitchableHub hub = new SwitchableHub();

    SecuredClinic(Path dir) throws Exception {
        this(dir, SecuritySettings.defaults().withArgon2(FAST), new TestClock("2026-11-22T08:00:00Z"));
    }

    SecuredClinic(Path dir, SecuritySettings settings, TestClock clock) throws Exception {
        this.clock = clock;
        this.store = H2ClinicStore.open(H2StoreSettings.of(dir.resolve("clinic")).withDurability(H2StoreSettings.Durability.WRITE),
                new FileKeyProvider(dir.resolve("clinic.key")));
        this.commands = new ClinicCommandService(clock, new DeviceSettings("clinic-1", "", 200, 3_600_000));
        this.commands.bindStore(store);
        this.security = new SecurityService(clock, settings);
        this.commands.bindAccessControl(security);
        this.queries = new QueryService(clock, commands, 200);
        this.queries.bindStore(store);
        this.audit = new AuditService(commands, 200);
        this.audit.bindStore(store);
    }

    /** Logs the setup account in with its one-time password and sets {@link #SETUP_PASSWORD}. */
    Actor setupLogin(SetupAccount setup) {
        char[] otp = setup.oneTimePassword().clone();
        Session s = security.login(setup.username(), setup.oneTimePassword());
        return security.changePassword(s.actor(), otp, SETUP_PASSWORD.clone()).actor();
    }

    /** Runs first-run and makes the setup account usable: logged in, with its own password. */
    Session setupAdministrator() {
        SetupAccount setup = security.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        Session s = security.login(setup.username(), setup.oneTimePassword());
        return security.changePassword(s.actor(), otp, SETUP_PASSWORD.clone());
    }

    /** Ends whatever session is open and logs the setup account in with the password it set. */
    Actor loginAsSetup() {
        endCurrentSession();
        return security.login(SetupAccount.USERNAME, SETUP_PASSWORD.clone()).actor();
    }

    /** Creates a user as the setup account (which stays logged in). */
    UserInfo createUserAsSetup(String name, Set<String> roles) {
        return createUser(loginAsSetup(), name, roles);
    }

    /** A user as the store holds it now. */
    User user(String id) {
        return (User) store.read(tx -> new ProjectionReader(tx.connection()).entity("User", id)).orElseThrow();
    }

    /** Creates a user as {@code admin} and returns it; its first login must change the password. */
    UserInfo createUser(Actor admin, String name, Set<String> roles) {
        return security.createUser(admin, name, name + " (test)", roles, initialPassword(name));
    }

    /** Ends whatever session is open, then logs {@code name} in for the first time and sets its own password. */
    Session firstLogin(String name) {
        endCurrentSession();
        Session s = security.login(name, initialPassword(name));
        return security.changePassword(s.actor(), initialPassword(name), password(name));
    }

    /** Ends whatever session is open, then logs {@code name} in with the password {@link #firstLogin} gave it. */
    Session loginAs(String name) {
        endCurrentSession();
        return security.login(name, password(name));
    }

    void endCurrentSession() {
        security.current().ifPresent(c -> security.logout(c.actor()));
    }

    /** The password an administrator gives a test user (it must not contain the login name). */
    static char[] initialPassword(String name) {
        return ("initial secret " + Math.abs(name.hashCode())).toCharArray();
    }

    /** The password a test user sets at its first login. */
    static char[] password(String name) {
        return ("own secret " + Math.abs(name.hashCode()) + "!").toCharArray();
    }

    /** How many operations the log holds, read from the store itself (an audit read would be checked, and may be refused). */
    long opCount() {
        return store.read(tx -> tx.opLog().count());
    }

    /** The newest operation in the log, read from the store itself. */
    OpEnvelope newestOp() {
        return store.read(tx -> tx.opLog().query(OpQuery.all().pageSize(1))).operations().get(0);
    }

    /** Operations of one type, newest first, read from the store itself. */
    List<OpEnvelope> ops(String opType) {
        return store.read(tx -> tx.opLog().query(OpQuery.all().type(opType).pageSize(1000))).operations();
    }

    /** SHA-256 over every projection table. */
    String digestProjections() {
        return store.read(tx -> {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (String sql : List.of("SELECT * FROM medicine ORDER BY id", "SELECT * FROM stock_batch ORDER BY id",
                        "SELECT * FROM stock_movement ORDER BY id", "SELECT * FROM patient ORDER BY id",
                        "SELECT * FROM entity_record ORDER BY entity_type, id")) {
                    try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                        ResultSetMetaData meta = rs.getMetaData();
                        md.update(sql.getBytes());
                        while (rs.next()) {
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                md.update(String.valueOf(rs.getObject(i)).getBytes());
                                md.update((byte) 0);
                            }
                        }
                    }
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    long rebuild() {
        return store.rebuildProjections(new Projector());
    }

    @Override
    public void close() {
        commands.unbindAccessControl(security);
        commands.unbindStore(store);
        queries.unbindStore(store);
        audit.unbindStore(store);
        store.close();
    }
}
