package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.Actor;
import org.salus.core.op.OpEnvelope;
import org.salus.security.UserInfo;

/** The check and the audit record another service (the plugin manager) asks of the security bundle. */
class AdministrativeActsTest {

    @TempDir
    Path dir;
    SecuredClinic clinic;

    @BeforeEach
    void open() throws Exception {
        clinic = new SecuredClinic(dir);
        Actor setup = clinic.setupAdministrator().actor();
        clinic.createUser(setup, "desk", Set.of(DefaultRoles.FRONT_DESK));
        clinic.createUser(setup, "amina", Set.of(DefaultRoles.ADMIN));
        clinic.firstLogin("desk");
        clinic.firstLogin("amina");
    }

    @AfterEach
    void close() {
        clinic.close();
    }

    @Test
    void anAdministratorIsAuthorizedAndTheActRecordedUnderTheirName() {
        Actor admin = clinic.loginAs("amina").actor();
        UserInfo who = clinic.security.authorize(admin, Permissions.PLUGIN_MANAGE, "PluginManager.install org.example");
        assertEquals("amina", who.username());
        String opId = clinic.security.record(admin, "Plugin", "org.example", "audit.plugin.install", Map.of("outcome", "INSTALLED", "version", "1.0.0"));
        OpEnvelope op = clinic.ops("audit.plugin.install").get(0);
        assertEquals(opId, op.opId());
        assertEquals(who.id(), op.userId());
        assertEquals("org.example", op.entityId());
        assertTrue(op.payload().contains("\"outcome\":\"INSTALLED\""), op.payload());
        assertThrows(IllegalArgumentException.class, () -> clinic.security.record(admin, "Plugin", "x", "plugin.install", Map.of()),
                "only audit operations");
    }

    @Test
    void anyoneElseIsRefusedAndTheRefusalRecorded() {
        Actor desk = clinic.loginAs("desk").actor();
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> clinic.security.authorize(desk, Permissions.PLUGIN_MANAGE, "PluginManager.install org.example"));
        assertEquals(Permissions.PLUGIN_MANAGE, denied.permission());
        OpEnvelope refusal = clinic.ops(AccessLedger.OP_ACCESS_DENIED).get(0);
        assertEquals(denied.auditOpId(), refusal.opId());
        assertTrue(refusal.payload().contains("PluginManager.install org.example"), refusal.payload());
        assertThrows(SessionRefusedException.class, () -> clinic.security.authorize(new Actor("forged"), Permissions.PLUGIN_MANAGE, "x"));
    }
}
