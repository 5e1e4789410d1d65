package org.salus.demo;

/**
 * What a {@link DemoLoader} recorded so far.
 *
 * @param medicines                medicines registered
 * @param batches                  batches received
 * @param skippedBatches           batches left out because they expire before the clinic's today (expired stock cannot be received)
 * @param patients                 patients registered
 * @param patientsWithoutBirthDate patients registered without their birth date because it lies after the clinic's today
 * @param dispenses                dispensings recorded
 * @param skippedDispenses         dispensings left out because their batch was left out
 * @param operations               operations the commands wrote
 */
public record DemoLoad(int medicines, long batches, long skippedBatches, int patients, int patientsWithoutBirthDate, long dispenses,
        long skippedDispenses, long operations) {
}
