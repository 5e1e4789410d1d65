package org.salus.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.Actor;
import org.salus.core.internal.projection.Projector;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.security.RoleInfo;

/**
 * Each device seeds the default roles at its first run. A seed that reaches a device (by sync) after an administrator
 * there changed the role must not undo the change: here B's seed of the clinician role arrives at A after A's
 * administrator granted clinicians a plugin's permission, and A's grant reaches B after B's own seed.
 */
class RoleSeedSyncTest {

    static final String GRANTED = "vaccination.record";

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
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aSeedArrivingAfterAGrantKeepsTheGrantOnBothDevices() {
        Actor admin = a.setupAdministrator().actor();
        Actor adminB = b.setupAdministrator().actor();
        assertFalse(clinician(b, adminB).permissions().contains(GRANTED), "B seeded the clinician role without it");

        RoleInfo seeded = clinician(a, admin);
        Set<String> permissions = new TreeSet<>(seeded.permissions());
        permissions.add(GRANTED);
        a.security.saveRole(admin, seeded.id(), seeded.name(), seeded.description(), permissions);
        assertTrue(clinician(a, admin).permissions().contains(GRANTED));

        replicate(b, a);
        assertEquals(2, a.ops(SecurityService.OP_ROLE_CREATE).stream().filter(op -> op.entityId().equals(DefaultRoles.CLINICIAN))
                .map(OpEnvelope::deviceId).distinct().count(), "both devices' seeds of the clinician role are on A");
        assertEquals(permissions, new TreeSet<>(clinician(a, admin).permissions()), "B's seed, arriving later, leaves A's grant in place");

        replicate(a, b);
        assertEquals(permissions, new TreeSet<>(clinician(b, adminB).permissions()), "B has A's grant over its own seed");
    }

    private static RoleInfo clinician(SecuredClinic clinic, Actor admin) {
        return clinic.security.roles(admin).stream().filter(r -> r.id().equals(DefaultRoles.CLINICIAN)).findFirst().orElseThrow();
    }

    /** Appends every operation of one device that the other lacks, and applies it to its projections, as sync does. */
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
