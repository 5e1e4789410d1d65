package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.op.OpEnvelope;
import org.salus.model.clinical.Sex;
import org.salus.security.LoginRefusedException;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.UserInfo;

/** Users and roles changed by an administrator: each change an operation, effective at once, and never leaving the clinic without one. */
class AdministrationTest {

    @TempDir
    Path dir;
    SecuredClinic clinic;
    UserInfo amina;
    UserInfo desk;
    String patientId;
    int registered;

    @BeforeEach
    void open() throws Exception {
        clinic = new SecuredClinic(dir);
        Actor setup = clinic.setupAdministrator().actor();
        desk = clinic.createUser(setup, "desk", Set.of(DefaultRoles.FRONT_DESK));
        amina = clinic.createUser(setup, "amina", Set.of(DefaultRoles.ADMIN));
        Actor d = clinic.firstLogin("desk").actor();
        patientId = clinic.commands.registerPatient(d, "MRN-0", "Asha", "Otieno", LocalDate.of(1985, 3, 2), Sex.FEMALE).createdId("Patient");
        clinic.firstLogin("amina");
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    private Actor admin() {
        return clinic.loginAs("amina").actor();
    }

    @Test
    void aRoleChangeIsAnOperationAndCountsForTheNextCommandOfAnOpenSession() {
        Actor desk1 = clinic.loginAs("desk").actor();
        assertThrows(PermissionDeniedException.class, () -> observation(desk1));
        clinic.security.lock(desk1);

        Actor admin = admin();
        UserInfo changed = clinic.security.changeRoles(admin, desk.id(), Set.of(DefaultRoles.FRONT_DESK, DefaultRoles.CLINICIAN));
        assertEquals(Set.of("front-desk", "clinician"), changed.roleIds());
        OpEnvelope op = clinic.ops(SecurityService.OP_USER_ROLES).get(0);
        assertEquals(desk.id(), op.entityId());
        assertEquals(amina.id(), op.userId());

        Actor desk2 = clinic.loginAs("desk").actor();
        observation(desk2);
        clinic.security.lock(desk2);
        Actor admin2 = admin();
        RoleInfo narrowed = clinic.security.saveRole(admin2, DefaultRoles.CLINICIAN, "Clinician", "no observations here",
                Set.of(Permissions.CLINICAL_NOTE));
        assertEquals(Set.of("clinical.note"), narrowed.permissions());
        assertEquals(DefaultRoles.CLINICIAN, clinic.ops(SecurityService.OP_ROLE_UPDATE).get(0).entityId());
        clinic.security.lock(admin2);
        Actor desk3 = clinic.loginAs("desk").actor();
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> observation(desk3));
        assertTrue(e.getMessage().contains("clinical.observation"), e.getMessage());
    }

    @Test
    void onlyAnAdministratorChangesUsersAndRolesAndRefusalsAreRecorded() {
        Actor d = clinic.loginAs("desk").actor();
        PermissionDeniedException create = assertThrows(PermissionDeniedException.class,
                () -> clinic.security.createUser(d, "eve", "Eve", Set.of(DefaultRoles.ADMIN), "a long enough password".toCharArray()));
        assertEquals(Permissions.USER_MANAGE, create.permission());
        assertEquals("desk", create.userName());
        PermissionDeniedException role = assertThrows(PermissionDeniedException.class,
                () -> clinic.security.saveRole(d, DefaultRoles.FRONT_DESK, "Front desk", null, Permissions.ALL));
        assertEquals(Permissions.ROLE_MANAGE, role.permission());
        PermissionDeniedException self = assertThrows(PermissionDeniedException.class,
                () -> clinic.security.changeRoles(d, desk.id(), Set.of(DefaultRoles.ADMIN)));
        assertEquals(Permissions.USER_MANAGE, self.permission());
        assertEquals(3, clinic.ops("audit.access.denied").size());
        assertEquals(Set.of(DefaultRoles.FRONT_DESK), new java.util.TreeSet<>(clinic.user(desk.id()).getRoleIds()));
        assertFalse(clinic.security.roles(d).isEmpty(), "any logged-in user may read the roles");
    }

    @Test
    void theLastAdministratorCannotBeRemoved() {
        Actor admin = admin();
        InvalidInputException demote = assertThrows(InvalidInputException.class,
                () -> clinic.security.changeRoles(admin, amina.id(), Set.of(DefaultRoles.AUDITOR)));
        assertTrue(demote.getMessage().contains("administrator"), demote.getMessage());
        assertThrows(InvalidInputException.class, () -> clinic.security.setEnabled(admin, amina.id(), false));
        assertThrows(InvalidInputException.class, () -> clinic.security.saveRole(admin, DefaultRoles.ADMIN, "Administrator", null,
                Set.of(Permissions.USER_MANAGE)));
        assertEquals(Set.of(DefaultRoles.ADMIN), new java.util.TreeSet<>(clinic.user(amina.id()).getRoleIds()), "nothing changed");
    }

    @Test
    void namesAreUniqueRolesMustExistAndPermissionsWellFormed() {
        Actor admin = admin();
        InvalidInputException taken = assertThrows(InvalidInputException.class,
                () -> clinic.security.createUser(admin, " DESK ", "Another", Set.of(), "a long enough password".toCharArray()));
        assertEquals("username", taken.field());
        InvalidInputException role = assertThrows(InvalidInputException.class,
                () -> clinic.security.createUser(admin, "bob", "Bob", Set.of("doctor"), "a long enough password".toCharArray()));
        assertEquals("roleIds", role.field());
        assertTrue(role.getMessage().contains("pharmacist"), "lists the roles there are: " + role.getMessage());
        InvalidInputException weak = assertThrows(InvalidInputException.class,
                () -> clinic.security.createUser(admin, "bob", "Bob", Set.of(), "short".toCharArray()));
        assertEquals("newPassword", weak.field());
        InvalidInputException perm = assertThrows(InvalidInputException.class,
                () -> clinic.security.saveRole(admin, "night-nurse", "Night nurse", null, Set.of("Stock Dispense")));
        assertEquals("permissions", perm.field());
        RoleInfo created = clinic.security.saveRole(admin, "night-nurse", "Night nurse", "nights", Set.of(Permissions.CLINICAL_OBSERVATION));
        assertEquals(SecurityService.OP_ROLE_CREATE, clinic.ops(SecurityService.OP_ROLE_CREATE).get(0).opType());
        assertEquals("night-nurse", created.id());
    }

    @Test
    void aResetPasswordMustBeChangedAndADisabledAccountIsRefused() {
        Actor admin = admin();
        clinic.security.resetPassword(admin, desk.id(), "temporary secret 42".toCharArray());
        assertTrue(clinic.user(desk.id()).isMustChangePassword());
        clinic.security.lock(admin);
        Session d = clinic.security.login("desk", "temporary secret 42".toCharArray());
        assertTrue(d.passwordChangeRequired());
        assertEquals(SessionRefusedException.Problem.PASSWORD_CHANGE_REQUIRED,
                assertThrows(SessionRefusedException.class, () -> register(d.actor())).problem());
        clinic.security.changePassword(d.actor(), "temporary secret 42".toCharArray(), SecuredClinic.password("desk"));
        register(d.actor());
        clinic.security.lock(d.actor());

        Actor admin2 = admin();
        clinic.security.setEnabled(admin2, desk.id(), false);
        clinic.security.lock(admin2);
        LoginRefusedException refused = assertThrows(LoginRefusedException.class, () -> clinic.security.login("desk", SecuredClinic.password("desk")));
        assertEquals(LoginRefusedException.Reason.DISABLED, refused.reason());
        List<UserInfo> users = clinic.security.users(admin());
        assertFalse(users.stream().filter(u -> u.username().equals("desk")).findFirst().orElseThrow().enabled());
    }

    private void observation(Actor actor) {
        clinic.commands.recordObservation(actor, patientId, null, "body-weight", "70", "kg");
    }

    private void register(Actor actor) {
        clinic.commands.registerPatient(actor, "MRN-" + (++registered), "Given", "Family", LocalDate.of(1970, 1, 1), Sex.UNKNOWN);
    }
}
