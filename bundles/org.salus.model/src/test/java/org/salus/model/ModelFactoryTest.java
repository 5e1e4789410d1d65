package org.salus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.salus.model.clinical.ClinicalFactory;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.OrderStatus;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;
import org.salus.model.inventory.InventoryFactory;
import org.salus.model.inventory.InventoryPackage;
import org.salus.model.inventory.Medicine;
import org.salus.model.inventory.MovementKind;
import org.salus.model.inventory.StockMovement;
import org.salus.model.op.OpFactory;
import org.salus.model.op.Operation;

class ModelFactoryTest {

    @Test
    void medicineHoldsItsMasterData() {
        Medicine m = InventoryFactory.eINSTANCE.createMedicine();
        m.setId("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        m.setGtin("09501101530003");
        m.setInnName("amoxicillin");
        m.setForm("capsule");
        m.setStrength("500");
        m.setUnit("mg");
        m.setReorderLevel(200);
        m.setCritical(true);

        assertEquals("amoxicillin", m.getInnName());
        assertEquals(200, m.getReorderLevel());
        assertTrue(m.isCritical());
        assertSame(InventoryPackage.Literals.MEDICINE, m.eClass());
        assertEquals("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", m.eGet(InventoryPackage.Literals.MEDICINE__ID));
    }

    @Test
    void movementIsASignedDeltaWithAKind() {
        StockMovement mv = InventoryFactory.eINSTANCE.createStockMovement();
        assertEquals(MovementKind.RECEIVE, mv.getKind(), "the first literal is the default");
        mv.setKind(MovementKind.DISPENSE);
        mv.setQuantity(-30);
        mv.setVoidsMovementId(null);
        assertEquals(-30, mv.getQuantity());
        assertEquals(MovementKind.DISPENSE, mv.getKind());
        assertNull(mv.getVoidsMovementId());
    }

    @Test
    void clinicalEntitiesCarryDatesAndEnums() {
        Patient p = ClinicalFactory.eINSTANCE.createPatient();
        p.setBirthDate(LocalDate.of(1984, 2, 29));
        p.setSex(Sex.FEMALE);
        assertEquals(LocalDate.of(1984, 2, 29), p.getBirthDate());
        assertEquals(Sex.FEMALE, p.getSex());

        MedicationOrder o = ClinicalFactory.eINSTANCE.createMedicationOrder();
        o.setStatus(OrderStatus.DISCONTINUED);
        o.setOrderedAt(Instant.parse("2026-03-01T08:00:00Z"));
        assertEquals(OrderStatus.DISCONTINUED, o.getStatus());
        assertEquals(Instant.parse("2026-03-01T08:00:00Z"), o.getOrderedAt());
    }

    @Test
    void operationEnvelopeStartsWithoutServerSequence() {
        Operation op = OpFactory.eINSTANCE.createOperation();
        assertEquals(0L, op.getServerSeq(), "the hub assigns serverSeq; 0 means not yet");
        assertNull(op.getReceivedAt());
        op.setDeviceSeq(Long.MAX_VALUE);
        op.setHlc("0001732000000000-0000-device-a");
        assertEquals(Long.MAX_VALUE, op.getDeviceSeq());
        assertFalse(op.getHlc().isEmpty());
    }
}
