package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.Actor;
import org.salus.core.op.OpEnvelope;
import org.salus.security.LoginRefusedException;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserInfo;

/** A new clinic: default roles seeded once, a setup administrator with a one-time password, retired by the first real administrator. */
class FirstRunTest {

    @TempDir
    Path dir;
    SecuredClinic clinic;

    @BeforeEach
    void open() throws Exception {
        clinic = new SecuredClinic(dir);
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void theFirstRunSeedsTheRolesAndCreatesTheSetupAccountOnce() {
        SetupAccount setup = clinic.security.firstRun().orElseThrow();
        assertEquals("setup", setup.username());
        assertTrue(new String(setup.oneTimePassword()).matches("[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}"), "four groups of four");
        assertFalse(setup.toString().contains(new String(setup.oneTimePassword())), "never printed by accident");
        assertTrue(clinic.security.firstRun().isEmpty(), "shown only once");

        List<OpEnvelope> roles = clinic.ops(SecurityService.OP_ROLE_CREATE);
        assertEquals(DefaultRoles.ALL.size(), roles.size());
        roles.forEach(op -> assertEquals(AccessLedger.SYSTEM_USER, op.userId()));
        OpEnvelope password = clinic.ops(SecurityService.OP_USER_PASSWORD).get(0);
        assertTrue(password.payload().contains("$argon2id$v=19$"), "the hash is recorded");
        assertFalse(password.payload().contains(new String(setup.oneTimePassword())), "the password never is");

        Actor admin = clinic.setupLogin(setup);
        List<RoleInfo> seeded = clinic.security.roles(admin);
        assertEquals(new TreeSet<>(DefaultRoles.permissionsOf(DefaultRoles.PHARMACIST)),
                seeded.stream().filter(r -> r.id().equals(DefaultRoles.PHARMACIST)).findFirst().orElseThrow().permissions());
    }

    @Test
    void onAHubTheOneTimePasswordIsPrintedOnceToTheConsole() {
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(clinic.security.announceSetupAccount(out));
        assertFalse(clinic.security.announceSetupAccount(out), "printed only once");
        String printed = console.toString(java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("one-time password (\\S{19}) ").matcher(printed);
        assertTrue(m.find(), printed);
        assertEquals(1, printed.lines().count());
        Session s = clinic.security.login("setup", m.group(1).toCharArray());
        assertTrue(s.passwordChangeRequired(), "the printed password works once, and must be replaced");
    }

    @Test
    void theSetupAccountMustSetANewPasswordBeforeAnythingElse() {
        SetupAccount setup = clinic.security.firstRun().orElseThrow();
        char[] otp = setup.oneTimePassword().clone();
        Session s = clinic.security.login("setup", setup.oneTimePassword());
        assertTrue(s.passwordChangeRequired());

        SessionRefusedException e = assertThrows(SessionRefusedException.class,
                () -> clinic.security.createUser(s.actor(), "nurse", "Nurse", Set.of(), SecuredClinic.initialPassword("nurse")));
        assertEquals(SessionRefusedException.Problem.PASSWORD_CHANGE_REQUIRED, e.problem());
        assertEquals(AccessLedger.OP_ACCESS_DENIED, clinic.newestOp().opType(), "the refusal is recorded");

        Session changed = clinic.security.changePassword(s.actor(), otp, SecuredClinic.SETUP_PASSWORD.clone());
        assertFalse(changed.passwordChangeRequired());
        assertFalse(clinic.user(changed.userId()).isMustChangePassword());
        UserInfo nurse = clinic.createUser(changed.actor(), "nurse", Set.of(DefaultRoles.CLINICIAN));
        assertEquals(Set.of("clinician"), nurse.roleIds());

        clinic.endCurrentSession();
        LoginRefusedException reuse = assertThrows(LoginRefusedException.class,
                () -> clinic.security.login("setup", new String(otp).toCharArray()));
        assertEquals(LoginRefusedException.Reason.WRONG_CREDENTIALS, reuse.reason(), "the one-time password is used up");
    }

    @Test
    void theFirstRealAdministratorRetiresTheSetupAccount() {
        Actor setup = clinic.setupAdministrator().actor();
        clinic.createUser(setup, "nurse", Set.of(DefaultRoles.CLINICIAN));
        assertTrue(clinic.user(clinic.security.session(setup).userId()).isEnabled(), "a clinician is not an administrator");

        UserInfo admin = clinic.createUser(setup, "amina", Set.of(DefaultRoles.ADMIN));
        String setupId = clinic.security.session(setup).userId();
        assertFalse(clinic.user(setupId).isEnabled());
        assertEquals(setupId, clinic.ops(SecurityService.OP_USER_DISABLE).get(0).entityId());

        SessionRefusedException e = assertThrows(SessionRefusedException.class,
                () -> clinic.security.users(setup), "its open session can do nothing more");
        assertEquals(SessionRefusedException.Problem.ACCOUNT_DISABLED, e.problem());
        clinic.endCurrentSession();
        LoginRefusedException login = assertThrows(LoginRefusedException.class,
                () -> clinic.security.login("setup", SecuredClinic.SETUP_PASSWORD.clone()));
        assertEquals(LoginRefusedException.Reason.DISABLED, login.reason());

        Actor amina = clinic.firstLogin("amina").actor();
        assertEquals(admin.id(), clinic.security.session(amina).userId());
        assertThrows(org.salus.core.command.InvalidInputException.class, () -> clinic.security.setEnabled(amina, setupId, true),
                "the setup account stays retired");
    }
}
