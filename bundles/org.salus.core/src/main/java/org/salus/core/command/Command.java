package org.salus.core.command;

/**
 * One thing a person does to clinic data. {@link ClinicCommands} validates it, turns it into operations and records
 * them with their projections in one transaction, after the access control has allowed the permission it names.
 */
public sealed interface Command permits RegisterMedicine, ReceiveStock, Dispense, Adjust, WriteOffExpired, Transfer,
        RegisterPatient, UpdateDemographics, OpenEncounter, RecordObservation, OrderMedication, DiscontinueMedication,
        WriteNote, ReviseNote, ResolveConflict {

    /**
     * The permission the calling user needs for this command ({@code stock.receive}); one of
     * {@link org.salus.core.access.Permissions}. The core checks it for every command, whoever calls.
     */
    String permission();
}
