package org.salus.core.command;

/**
 * One thing a person does to clinic data. {@link ClinicCommands} validates it, turns it into operations and records
 * them with their projections in one transaction.
 */
public sealed interface Command permits RegisterMedicine, ReceiveStock, Dispense, Adjust, WriteOffExpired, Transfer,
        RegisterPatient, UpdateDemographics, OpenEncounter, RecordObservation, OrderMedication, DiscontinueMedication,
        WriteNote, ReviseNote {
}
