package org.salus.store.h2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.access.Permissions;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.UpdateDemographics;
import org.salus.core.conflict.ConflictNotFoundException;
import org.salus.core.conflict.ConflictResolvedException;
import org.salus.core.conflict.ConflictState;
import org.salus.core.conflict.RegisterConflict;
import org.salus.core.internal.command.DeviceSettings;
import org.salus.core.op.OpEnvelope;
import org.salus.model.clinical.Patient;

/**
 * The registers' merge through real stores, as sync brings operations: concurrent edits of one field give the same
 * conflict record on every device whatever the order, edits of different fields both apply, a resolution syncs.
 */
class RegisterMergeTest {

    @TempDir
    Path dir;
    final List<Clinic> clinics = new ArrayList<>();

    @AfterEach
    void close() {
        clinics.forEach(Clinic::close);
    }

    Clinic clinic(String device) throws Exception {
        Clinic c = new Clinic(dir.resolve(device), H2StoreSettings.of(dir.resolve(device).resolve("clinic"))
                .withDurability(H2StoreSettings.Durability.WRITE), new DeviceSettings("clinic-1", device, 200, 3_600_000));
        clinics.add(c);
        return c;
    }

    /** The device's operations after the first {@code skip}. */
    static List<OpEnvelope> opsOf(Clinic c, String device, int skip) {
        List<OpEnvelope> all = ForeignOpsTest.opsOf(c, device);
        return new ArrayList<>(all.subList(skip, all.size()));
    }

    static Patient patient(Clinic c, String id) {
        return c.queries.patient(Clinic.CLINICIAN, id).orElseThrow();
    }

    @Test
    void concurrentEditsOfOneFieldGiveOneConflictEverywhereAndOtherFieldsMerge() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String p = a.registerPatient("MRN-7", "Amara", "Okafor");
        ForeignOpsTest.ingest(b, "ws-b", opsOf(a, "ws-a", 0));
        int aSeen = ForeignOpsTest.opsOf(a, "ws-a").size();

        // apart: both change the family name, A the phone, B the address
        a.clock.advance(Duration.ofMinutes(1));
        b.clock.advance(Duration.ofMinutes(2));
        a.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("familyName", "Okafor-Ade").with("phone", "+234 801"));
        b.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("familyName", "Ade").with("address", "3 Marina, Lagos"));
        List<OpEnvelope> fromA = opsOf(a, "ws-a", aSeen);
        List<OpEnvelope> fromB = opsOf(b, "ws-b", 0);
        ForeignOpsTest.ingest(a, "ws-a", fromB);
        ForeignOpsTest.ingest(b, "ws-b", fromA);

        for (Clinic c : List.of(a, b)) {
            Patient now = patient(c, p);
            assertEquals("+234 801", now.getPhone(), "A's phone applies");
            assertEquals("3 Marina, Lagos", now.getAddress(), "B's address applies");
            assertEquals("Ade", now.getFamilyName(), "B's change is the newer by clock and shows until someone chooses");
        }
        List<RegisterConflict> onA = a.conflicts.open(Clinic.CLINICIAN);
        assertEquals(1, onA.size());
        RegisterConflict k = onA.get(0);
        assertEquals(onA, b.conflicts.open(Clinic.CLINICIAN), "the same record on both");
        assertEquals(List.of(k), a.conflicts.open(Clinic.CLINICIAN, "Patient", p));
        assertEquals("familyName", k.field());
        assertEquals(ConflictState.OPEN, k.state());
        assertEquals("Okafor-Ade", k.left().value());
        assertEquals("ws-a", k.left().deviceId());
        assertEquals("Ade", k.right().value());
        assertEquals("ws-b", k.right().deviceId());
        assertEquals("clinician-1", k.right().userId());
        assertEquals(a.digestProjections(), b.digestProjections());

        // a third device that receives B's operations first ends the same, and so does a rebuild of each
        Clinic c = clinic("ws-c");
        ForeignOpsTest.ingest(c, "ws-c", ForeignOpsTest.opsOf(a, "ws-a").subList(0, aSeen));
        ForeignOpsTest.ingest(c, "ws-c", fromB);
        ForeignOpsTest.ingest(c, "ws-c", fromA);
        assertEquals(a.digestProjections(), c.digestProjections());
        String before = a.digestProjections();
        a.rebuild();
        b.rebuild();
        assertEquals(before, a.digestProjections(), "a rebuild from the op log gives the same projections");
        assertEquals(before, b.digestProjections());

        // resolving on B keeps A's value; the resolution reaches A and C and closes the record there too
        int bSeen = ForeignOpsTest.opsOf(b, "ws-b").size();
        b.conflicts.keepLeft(Clinic.CLINICIAN, k.id());
        List<OpEnvelope> resolution = opsOf(b, "ws-b", bSeen);
        assertEquals(1, resolution.size());
        assertEquals("patient.resolve", resolution.get(0).opType());
        ForeignOpsTest.ingest(a, "ws-a", resolution);
        ForeignOpsTest.ingest(c, "ws-c", resolution);
        for (Clinic x : List.of(a, b, c)) {
            assertEquals("Okafor-Ade", patient(x, p).getFamilyName());
            assertTrue(x.conflicts.open(Clinic.CLINICIAN).isEmpty());
            RegisterConflict done = x.conflicts.conflict(Clinic.CLINICIAN, k.id()).orElseThrow();
            assertEquals(ConflictState.RESOLVED, done.state());
            assertEquals("Okafor-Ade", done.resolution().value());
            assertEquals("ws-b", done.resolution().deviceId());
            assertEquals(k.left(), done.left());
            assertEquals(k.right(), done.right());
        }
        assertEquals(b.digestProjections(), a.digestProjections());
        assertEquals(b.digestProjections(), c.digestProjections());

        // resolving it again on A is refused with the record as it stands, and nothing is written
        long ops = a.count("op_log");
        ConflictResolvedException again = assertThrows(ConflictResolvedException.class, () -> a.conflicts.keepRight(Clinic.CLINICIAN, k.id()));
        assertEquals(k.id(), again.conflict().id());
        assertTrue(again.getMessage().contains("already resolved by clinician-1"), again.getMessage());
        assertEquals(ops, a.count("op_log"));
        // a later edit of the field on one device is no conflict
        a.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("familyName", "Okafor"));
        assertTrue(a.conflicts.open(Clinic.CLINICIAN).isEmpty());
        assertEquals("Okafor", patient(a, p).getFamilyName());
    }

    @Test
    void resolutionsAreCheckedAndBadOnesWriteNothing() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String p = a.registerPatient("MRN-8", "Kofi", "Mensah");
        ForeignOpsTest.ingest(b, "ws-b", opsOf(a, "ws-a", 0));
        int aSeen = ForeignOpsTest.opsOf(a, "ws-a").size();
        a.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("birthDate", java.time.LocalDate.of(1981, 5, 17)));
        b.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("birthDate", java.time.LocalDate.of(1980, 6, 17)));
        ForeignOpsTest.ingest(a, "ws-a", opsOf(b, "ws-b", 0));
        ForeignOpsTest.ingest(b, "ws-b", opsOf(a, "ws-a", aSeen));
        RegisterConflict k = a.conflicts.open(Clinic.CLINICIAN).get(0);
        assertEquals("birthDate", k.field());
        long ops = a.count("op_log");

        assertThrows(ConflictNotFoundException.class, () -> a.conflicts.keepLeft(Clinic.CLINICIAN, "conflict-unknown"));
        InvalidInputException notADate = assertThrows(InvalidInputException.class, () -> a.conflicts.merge(Clinic.CLINICIAN, k.id(), "17/05/1981"));
        assertEquals("birthDate", notADate.field());
        assertThrows(InvalidInputException.class, () -> a.conflicts.merge(Clinic.CLINICIAN, k.id(), "2999-01-01"));
        assertEquals(ops, a.count("op_log"), "refused resolutions write nothing");

        a.access.withdraw(Permissions.PATIENT_DEMOGRAPHICS);
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> a.conflicts.keepLeft(Clinic.CLINICIAN, k.id()));
        assertTrue(denied.getMessage().contains(Permissions.PATIENT_DEMOGRAPHICS), denied.getMessage());
        assertTrue(a.conflicts.conflict(Clinic.CLINICIAN, k.id()).orElseThrow().isOpen());
        // without patient.read the patients' conflicts are not listed, and one asked for by id is refused
        a.access.withdraw(Permissions.PATIENT_READ);
        assertTrue(a.conflicts.open(Clinic.CLINICIAN).isEmpty());
        assertThrows(PermissionDeniedException.class, () -> a.conflicts.conflict(Clinic.CLINICIAN, k.id()));
        a.access.withdrawn().clear();

        // a merged value typed by a person, checked as an edit would be
        a.conflicts.merge(Clinic.CLINICIAN, k.id(), " 1981-05-18 ");
        assertEquals(java.time.LocalDate.of(1981, 5, 18), patient(a, p).getBirthDate());
        RegisterConflict done = a.conflicts.conflict(Clinic.CLINICIAN, k.id()).orElseThrow();
        assertFalse(done.isOpen());
        assertEquals("1981-05-18", done.resolution().value());
    }

    @Test
    void bothDevicesResolvingTheSameConflictApartEndTheSame() throws Exception {
        Clinic a = clinic("ws-a");
        Clinic b = clinic("ws-b");
        String p = a.registerPatient("MRN-9", "Ines", "Duarte");
        ForeignOpsTest.ingest(b, "ws-b", opsOf(a, "ws-a", 0));
        int aSeen = ForeignOpsTest.opsOf(a, "ws-a").size();
        a.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("givenName", "Inês"));
        b.commands.updateDemographics(Clinic.CLINICIAN, UpdateDemographics.of(p).with("givenName", "Ines Maria"));
        ForeignOpsTest.ingest(a, "ws-a", opsOf(b, "ws-b", 0));
        ForeignOpsTest.ingest(b, "ws-b", opsOf(a, "ws-a", aSeen));
        int aSeen2 = ForeignOpsTest.opsOf(a, "ws-a").size();
        int bSeen2 = ForeignOpsTest.opsOf(b, "ws-b").size();
        String id = a.conflicts.open(Clinic.CLINICIAN).get(0).id();
        // apart again, each resolves it differently: the two resolutions are a new conflict, and still the same on both
        a.conflicts.keepLeft(Clinic.CLINICIAN, id);
        b.conflicts.keepRight(Clinic.CLINICIAN, id);
        ForeignOpsTest.ingest(a, "ws-a", opsOf(b, "ws-b", bSeen2));
        ForeignOpsTest.ingest(b, "ws-b", opsOf(a, "ws-a", aSeen2));
        assertEquals(a.digestProjections(), b.digestProjections());
        List<RegisterConflict> open = a.conflicts.open(Clinic.CLINICIAN);
        assertEquals(1, open.size(), "the two choices disagree: a person chooses once more");
        assertEquals("patient.resolve", a.store.read(tx -> tx.opLog().find(open.get(0).left().opId())).orElseThrow().opType());
        assertEquals(patient(a, p).getGivenName(), patient(b, p).getGivenName());
    }
}
