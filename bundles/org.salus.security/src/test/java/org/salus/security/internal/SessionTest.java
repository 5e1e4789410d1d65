package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.access.SessionRefusedException.Problem;
import org.salus.core.command.Actor;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.model.clinical.Sex;
import org.salus.security.LoginRefusedException;
import org.salus.security.Session;
import org.salus.security.SessionState;

/** The device's session: idle lock on the injected clock, unlock by the same user, switching user through the lock screen, forged handles. */
class SessionTest {

    @TempDir
    Path dir;
    SecuredClinic clinic;

    @BeforeEach
    void open() throws Exception {
        clinic = new SecuredClinic(dir);
        Actor setup = clinic.setupAdministrator().actor();
        clinic.createUser(setup, "desk", Set.of(DefaultRoles.FRONT_DESK));
        clinic.createUser(setup, "clin", Set.of(DefaultRoles.CLINICIAN));
        clinic.firstLogin("clin");
        clinic.firstLogin("desk");
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void aSessionLocksAfterSixtyIdleMinutesAndOnlyItsUsersPasswordUnlocksIt() {
        Actor desk = clinic.security.current().orElseThrow().actor();
        clinic.clock.advance(Duration.ofMinutes(59));
        register(desk, "MRN-1");
        clinic.clock.advance(Duration.ofMinutes(59));
        register(desk, "MRN-2");
        assertEquals(SessionState.ACTIVE, clinic.security.session(desk).state(), "each command counts as activity");

        clinic.clock.advance(Duration.ofMinutes(60));
        assertEquals(SessionState.LOCKED, clinic.security.session(desk).state());
        long ops = clinic.opCount();
        SessionRefusedException locked = assertThrows(SessionRefusedException.class, () -> register(desk, "MRN-3"));
        assertEquals(Problem.LOCKED, locked.problem());
        assertEquals(ops + 1, clinic.opCount());
        OpEnvelope refusal = clinic.newestOp();
        assertEquals(AccessLedger.OP_ACCESS_DENIED, refusal.opType());
        assertEquals("LOCKED", CanonicalJson.parseObject(refusal.payload()).get("sessionProblem"));

        LoginRefusedException wrong = assertThrows(LoginRefusedException.class, () -> clinic.security.unlock(desk, SecuredClinic.password("clin")));
        assertEquals(LoginRefusedException.Reason.WRONG_CREDENTIALS, wrong.reason(), "another user's password does not unlock it");
        assertEquals(1, clinic.user(clinic.security.session(desk).userId()).getFailedLogins(), "and counts as a failed login");

        clinic.clock.advance(Duration.ofSeconds(1));
        Session unlocked = clinic.security.unlock(desk, SecuredClinic.password("desk"));
        assertEquals(SessionState.ACTIVE, unlocked.state());
        assertEquals(clinic.security.session(desk).userId(), clinic.ops(SecurityService.OP_SESSION_UNLOCK).get(0).userId());
        register(desk, "MRN-3");
    }

    @Test
    void theIdleTimeIsConfigurable() throws Exception {
        clinic.close();
        clinic = new SecuredClinic(dir, SecuritySettings.defaults().withArgon2(SecuredClinic.FAST).withIdleLock(Duration.ofMinutes(5)),
                new TestClock("2026-11-22T09:00:00Z"));
        Actor desk = clinic.loginAs("desk").actor();
        clinic.clock.advance(Duration.ofMinutes(5));
        assertEquals(Problem.LOCKED, assertThrows(SessionRefusedException.class, () -> register(desk, "MRN-9")).problem());
    }

    @Test
    void switchingUserGoesThroughTheLockScreen() {
        Actor desk = clinic.security.current().orElseThrow().actor();
        LoginRefusedException busy = assertThrows(LoginRefusedException.class, () -> clinic.security.login("clin", SecuredClinic.password("clin")));
        assertEquals(LoginRefusedException.Reason.SESSION_ACTIVE, busy.reason());
        assertTrue(busy.getMessage().contains("desk"), busy.getMessage());

        clinic.security.lock(desk);
        Session clin = clinic.security.login("clin", SecuredClinic.password("clin"));
        assertNotEquals(desk, clin.actor());
        SessionRefusedException ended = assertThrows(SessionRefusedException.class, () -> register(desk, "MRN-4"));
        assertEquals(Problem.UNKNOWN, ended.problem(), "the locked session ended when another user logged in");
        register(clin.actor(), "MRN-4");
    }

    @Test
    void aForgedHandleIsRefusedAndRecordedAsAnonymous() {
        Actor forged = new Actor("3q2-forged-handle-that-nobody-issued");
        long ops = clinic.opCount();
        String projections = clinic.digestProjections();
        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> register(forged, "MRN-5"));
        assertEquals(Problem.UNKNOWN, e.problem());
        assertNull(e.userId());
        assertEquals(ops + 1, clinic.opCount());
        OpEnvelope refusal = clinic.newestOp();
        assertEquals(e.auditOpId(), refusal.opId());
        assertEquals(AccessLedger.ANONYMOUS_USER, refusal.userId());
        Map<String, Object> details = CanonicalJson.parseObject(refusal.payload());
        assertEquals("patient.register", details.get("permission"));
        assertEquals(projections, clinic.digestProjections());
    }

    @Test
    void aSessionEndsAtLogoutAndAfterItsLongestTime() {
        Actor desk = clinic.security.current().orElseThrow().actor();
        clinic.security.logout(desk);
        assertEquals(Problem.UNKNOWN, assertThrows(SessionRefusedException.class, () -> register(desk, "MRN-6")).problem());

        Actor again = clinic.loginAs("desk").actor();
        for (int i = 0; i < 12; i++) {
            clinic.clock.advance(Duration.ofMinutes(59));
            clinic.security.touch(again);
        }
        clinic.clock.advance(Duration.ofMinutes(12));
        assertEquals(Problem.EXPIRED, assertThrows(SessionRefusedException.class, () -> register(again, "MRN-7")).problem());
        assertTrue(clinic.security.current().isEmpty());
    }

    @Test
    void aLockedSessionCannotBeTouchedAwake() {
        Actor desk = clinic.security.current().orElseThrow().actor();
        clinic.security.lock(desk);
        assertEquals(Problem.LOCKED, assertThrows(SessionRefusedException.class, () -> clinic.security.touch(desk)).problem());
        assertEquals(SessionState.LOCKED, clinic.security.current().orElseThrow().state());
    }

    @Test
    void theSameUserMayLogInAgainWhileItsSessionIsOpen() {
        Actor first = clinic.security.current().orElseThrow().actor();
        Session second = clinic.security.login("desk", SecuredClinic.password("desk"));
        assertEquals(Problem.UNKNOWN, assertThrows(SessionRefusedException.class, () -> register(first, "MRN-8")).problem());
        register(second.actor(), "MRN-8");
    }

    private void register(Actor actor, String mrn) {
        clinic.commands.registerPatient(actor, mrn, "Given", "Family", LocalDate.of(1970, 1, 1), Sex.UNKNOWN);
    }
}
