package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.Actor;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.security.LoginRefusedException;
import org.salus.security.LoginRefusedException.Reason;
import org.salus.security.Session;

/**
 * Offline, only users this device has seen log in (or whose password it set) may log in. Two devices: users made on
 * device A reach device B as operations, the way sync delivers them.
 */
class OfflineLoginTest {

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    SecuredClinic a;
    SecuredClinic b;

    @BeforeEach
    void open() throws Exception {
        a = new SecuredClinic(dirA);
        b = new SecuredClinic(dirB);
        Actor setup = a.setupAdministrator().actor();
        a.createUser(setup, "nurse", Set.of(DefaultRoles.CLINICIAN));
        a.endCurrentSession();
        replicate(a, b);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void withNoReachabilityServiceTheDeviceCountsAsOffline() {
        assertTrue(b.security.offline());
        b.security.bindHubReachability(b.hub);
        assertTrue(b.security.offline());
        b.hub.set(true);
        assertFalse(b.security.offline());
        b.security.unbindHubReachability(b.hub);
        assertTrue(b.security.offline());
    }

    @Test
    void offlineOnlyUsersThisDeviceKnowsMayLogIn() {
        LoginRefusedException refused = assertThrows(LoginRefusedException.class, () -> b.security.login("nurse", SecuredClinic.initialPassword("nurse")));
        assertEquals(Reason.OFFLINE_NOT_CACHED, refused.reason());
        assertTrue(refused.getMessage().contains("hub"), refused.getMessage());
        assertEquals(0, b.ops(SecurityService.OP_USER_LOGIN_FAILED).size(), "no password was checked, nothing counts against the user");

        // device A set the nurse's password, so A knows her even offline
        Session onA = a.security.login("nurse", SecuredClinic.initialPassword("nurse"));
        assertTrue(onA.offline());

        b.security.bindHubReachability(b.hub);
        b.hub.set(true);
        Session online = b.security.login("nurse", SecuredClinic.initialPassword("nurse"));
        assertFalse(online.offline());
        b.security.changePassword(online.actor(), SecuredClinic.initialPassword("nurse"), SecuredClinic.password("nurse"));
        b.security.logout(online.actor());

        b.hub.set(false);
        Session offline = b.security.login("nurse", SecuredClinic.password("nurse"));
        assertTrue(offline.offline());
        assertEquals("nurse", offline.username());
    }

    @Test
    void offlineSwitchingUserOnlyReachesUsersThisDeviceKnows() {
        b.security.bindHubReachability(b.hub);
        b.hub.set(true);
        Session nurse = b.security.login("nurse", SecuredClinic.initialPassword("nurse"));
        b.hub.set(false);
        b.security.lock(nurse.actor());
        LoginRefusedException e = assertThrows(LoginRefusedException.class, () -> b.security.login("setup", SecuredClinic.SETUP_PASSWORD.clone()));
        assertEquals(Reason.OFFLINE_NOT_CACHED, e.reason(), "the setup account never logged in on B");
        assertEquals("nurse", b.security.current().orElseThrow().username(), "the locked session is still there to unlock");
    }

    /** Appends every operation of A that B lacks, chain by chain, and applies it to B's projections, as sync does. */
    private static void replicate(SecuredClinic from, SecuredClinic to) {
        List<OpEnvelope> ops = new ArrayList<>();
        from.store.read(tx -> {
            for (ChainHead head : tx.opLog().chainHeads()) {
                tx.opLog().scanDevice(head.deviceId(), 1, op -> ops.add(op));
            }
            return null;
        });
        Projector projector = new Projector();
        to.store.write(tx -> {
            for (OpEnvelope op : ops) {
                if (tx.opLog().find(op.opId()).isEmpty()) {
                    tx.append(op);
                    projector.apply(tx, op);
                }
            }
            return null;
        });
    }
}
