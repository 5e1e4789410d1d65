package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.command.Actor;
import org.salus.core.op.CanonicalJson;
import org.salus.core.op.OpEnvelope;
import org.salus.model.security.User;
import org.salus.security.LoginRefusedException;
import org.salus.security.LoginRefusedException.Reason;
import org.salus.security.Session;
import org.salus.security.UserInfo;

/**
 * Failed logins slow down exponentially and lock the account at the limit; the clock is injected, so nothing waits.
 * Every password check is an operation: failures, the lockout, the administrator's unlock and the next login.
 */
class LockoutTest {

    @TempDir
    Path dir;
    SecuredClinic clinic;
    Actor admin;
    UserInfo nurse;

    @BeforeEach
    void open() throws Exception {
        clinic = new SecuredClinic(dir);
        admin = clinic.setupAdministrator().actor();
        nurse = clinic.createUser(admin, "nurse", Set.of(DefaultRoles.CLINICIAN));
        clinic.firstLogin("nurse");
        clinic.endCurrentSession();
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void eachFailureDoublesTheWaitAndTheFifthLocksTheAccount() {
        Instant start = clinic.clock.now();
        long[] waits = {1, 2, 4, 8};
        for (int failure = 1; failure <= 4; failure++) {
            LoginRefusedException wrong = assertThrows(LoginRefusedException.class, () -> clinic.security.login("nurse", "wrong password".toCharArray()));
            assertEquals(Reason.WRONG_CREDENTIALS, wrong.reason());
            assertEquals(failure, clinic.ops(SecurityService.OP_USER_LOGIN_FAILED).size());
            assertEquals(failure, userInfo().getFailedLogins());

            // too soon: refused without a password check, even with the right password
            LoginRefusedException tooSoon = assertThrows(LoginRefusedException.class, () -> clinic.security.login("nurse", SecuredClinic.password("nurse")));
            assertEquals(Reason.TOO_SOON, tooSoon.reason());
            assertEquals(clinic.clock.now().plusSeconds(waits[failure - 1]), tooSoon.retryAfter());
            clinic.clock.advance(Duration.ofSeconds(waits[failure - 1]).minusMillis(1));
            assertEquals(Reason.TOO_SOON, assertThrows(LoginRefusedException.class,
                    () -> clinic.security.login("nurse", SecuredClinic.password("nurse"))).reason());
            clinic.clock.advance(Duration.ofMillis(1));
        }
        assertEquals(4, clinic.ops(SecurityService.OP_USER_LOGIN_FAILED).size(), "refusals for being too soon are not password checks");

        LoginRefusedException fifth = assertThrows(LoginRefusedException.class, () -> clinic.security.login("nurse", "wrong again".toCharArray()));
        assertEquals(Reason.LOCKED_OUT, fifth.reason());
        assertTrue(fifth.getMessage().contains("administrator"), fifth.getMessage());
        OpEnvelope lockout = clinic.ops(SecurityService.OP_USER_LOCKOUT).get(0);
        assertEquals(nurse.id(), lockout.entityId());
        assertTrue(userInfo().isLocked());

        clinic.clock.advance(Duration.ofDays(1));
        assertEquals(Reason.LOCKED_OUT, assertThrows(LoginRefusedException.class,
                () -> clinic.security.login("nurse", SecuredClinic.password("nurse"))).reason(), "time alone never unlocks");
        assertTrue(clinic.clock.now().isAfter(start));
    }

    @Test
    void anAdministratorUnlocksTheAccountAndTheUnlockIsRecorded() {
        lockOut();
        Actor adminAgain = clinic.loginAsSetup();
        UserInfo unlocked = clinic.security.unlockAccount(adminAgain, nurse.id());
        assertFalse(unlocked.locked());
        assertEquals(0, unlocked.failedLogins());
        OpEnvelope unlock = clinic.ops(SecurityService.OP_USER_UNLOCK).get(0);
        assertEquals(nurse.id(), unlock.entityId());
        assertEquals(clinic.security.session(adminAgain).userId(), unlock.userId(), "the administrator is recorded");

        clinic.endCurrentSession();
        Session s = clinic.security.login("nurse", SecuredClinic.password("nurse"));
        assertEquals("nurse", s.username());
        assertEquals(0, userInfo().getFailedLogins());
    }

    @Test
    void onlyAUserWhoManagesUsersMayUnlock() {
        lockOut();
        clinic.createUserAsSetup("desk", Set.of(DefaultRoles.FRONT_DESK));
        Actor desk = clinic.firstLogin("desk").actor();
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> clinic.security.unlockAccount(desk, nurse.id()));
        assertEquals("user.manage", e.permission());
        assertEquals("desk", e.userName());
        OpEnvelope denial = clinic.newestOp();
        assertEquals(e.auditOpId(), denial.opId());
        Map<String, Object> details = CanonicalJson.parseObject(denial.payload());
        assertTrue(((String) details.get("command")).startsWith("unlock user"), details.toString());
        assertTrue(userInfo().isLocked(), "still locked");
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        assertThrows(LoginRefusedException.class, () -> clinic.security.login("nurse", "wrong password".toCharArray()));
        assertThrows(LoginRefusedException.class, () -> {
            clinic.clock.advance(Duration.ofSeconds(1));
            clinic.security.login("nurse", "wrong password".toCharArray());
        });
        clinic.clock.advance(Duration.ofSeconds(2));
        clinic.security.login("nurse", SecuredClinic.password("nurse"));
        assertEquals(0, userInfo().getFailedLogins());
        OpEnvelope login = clinic.ops(SecurityService.OP_USER_LOGIN).get(0);
        assertEquals(nurse.id(), login.userId());
    }

    @Test
    void unknownNamesAreRecordedSlowedDownAndAnsweredLikeAWrongPassword() {
        LoginRefusedException unknown = assertThrows(LoginRefusedException.class, () -> clinic.security.login("nobody", "whatever pw".toCharArray()));
        LoginRefusedException wrong = assertThrows(LoginRefusedException.class, () -> clinic.security.login("nurse", "whatever pw".toCharArray()));
        assertEquals(Reason.WRONG_CREDENTIALS, unknown.reason());
        assertEquals(wrong.getMessage(), unknown.getMessage(), "the answer does not tell whether the name exists");
        OpEnvelope record = clinic.ops(SecurityService.OP_LOGIN_UNKNOWN).get(0);
        assertEquals("nobody", CanonicalJson.parseObject(record.payload()).get("username"));
        assertEquals("anonymous", record.userId());

        LoginRefusedException again = assertThrows(LoginRefusedException.class, () -> clinic.security.login("nobody", "whatever pw".toCharArray()));
        assertEquals(Reason.TOO_SOON, again.reason());
        assertNotNull(again.retryAfter());
    }

    @Test
    void theRetryDelayDoublesUpToItsLimit() {
        SecuritySettings s = SecuritySettings.defaults();
        assertEquals(Duration.ZERO, s.retryDelayAfter(0));
        assertEquals(Duration.ofSeconds(1), s.retryDelayAfter(1));
        assertEquals(Duration.ofSeconds(16), s.retryDelayAfter(5));
        assertEquals(Duration.ofMinutes(5), s.retryDelayAfter(30));
    }

    private void lockOut() {
        for (int i = 0; i < 5; i++) {
            assertThrows(LoginRefusedException.class, () -> clinic.security.login("nurse", "wrong password".toCharArray()));
            clinic.clock.advance(Duration.ofMinutes(5));
        }
        assertTrue(userInfo().isLocked());
    }

    private User userInfo() {
        return clinic.user(nurse.id());
    }

    @Test
    void failedUnlocksCountAndTheLockoutEndsTheSession() {
        Actor n = clinic.loginAs("nurse").actor();
        clinic.security.lock(n);
        for (int i = 0; i < 5; i++) {
            assertThrows(LoginRefusedException.class, () -> clinic.security.unlock(n, "wrong password".toCharArray()));
            clinic.clock.advance(Duration.ofMinutes(5));
        }
        assertTrue(userInfo().isLocked());
        assertNull(clinic.security.current().orElse(null), "the lockout ended the session");
    }
}
