package org.salus.core.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A clinic store: the op log, its chain heads, meta values and the projection tables, behind transactions.
 * Registered as a service only while it is open and healthy; a store that is being stopped finishes the work in
 * progress, then refuses new work with {@link StoreClosedException}.
 * <p>
 * Projection tables every store creates (standard SQL types; the core writes them with bound parameters only):
 * <ul>
 * <li>{@code medicine(id PK, gtin, inn_name, inn_name_lc, form, strength, unit, reorder_level INT, critical BOOLEAN, updated_hlc)}</li>
 * <li>{@code stock_batch(id PK, medicine_id, lot, expiry DATE, location, quantity_on_hand INT, in_stock BOOLEAN)}, indexed on
 * {@code (in_stock, expiry, id)} and {@code (medicine_id, lot, location)} (which also answers lookups by medicine)</li>
 * <li>{@code stock_movement(id PK, batch_id, medicine_id, kind, quantity INT, reason, from_location, to_location, order_id,
 * voids_movement_id, op_id, hlc, device_time TIMESTAMP WITH TIME ZONE)}, indexed on {@code (batch_id, hlc)}</li>
 * <li>{@code patient(id PK, identifier, identifier_lc, given_name, given_name_lc, family_name, family_name_lc, birth_date DATE,
 * sex, phone, address, updated_hlc)}, indexed on the {@code _lc} columns</li>
 * <li>{@code entity_record(entity_type, id, patient_id, ref_id, sort_time TIMESTAMP WITH TIME ZONE, body, deleted BOOLEAN,
 * updated_hlc, PK (entity_type, id))}, indexed on {@code (patient_id, entity_type, sort_time)} and
 * {@code (ref_id, entity_type, sort_time)}: every other entity type as canonical JSON</li>
 * <li>since 1.2, {@code register_write(entity_type, entity_id, field, op_id, bases, resolution BOOLEAN, hlc, value_json, user_id,
 * device_id, device_time TIMESTAMP WITH TIME ZONE, PK (entity_type, entity_id, field, op_id))}: every write of a field of a
 * register (Medicine, Patient), the writes it was edited from ({@code bases}, comma-separated op ids) and its value as
 * canonical JSON</li>
 * <li>since 1.2, {@code register_conflict(id PK, entity_type, entity_id, field, state, left_op_id, left_value, left_user_id,
 * left_device_id, left_time, left_hlc, right_... and resolution_... alike)}, indexed on
 * {@code (state, entity_type, entity_id, field)} and {@code (entity_type, entity_id, field)}: the conflict records
 * decided from those writes (H2: migration {@code V004__conflicts.sql})</li>
 * </ul>
 * {@link #rebuildProjections} empties all of them.
 */
@ProviderType
public interface ClinicStore {

    /**
     * Runs {@code work} in one database transaction: it commits when the work returns and rolls back when it throws.
     * Writes are serialised: one write transaction runs at a time.
     *
     * @throws StoreClosedException when this store is closed or closing (nothing was written)
     * @throws StoreException when the database fails (nothing was written)
     * @throws RuntimeException whatever the work threw, after the rollback
     */
    <T> T write(StoreWork<T> work);

    /**
     * Runs {@code work} in a read-only transaction that sees one consistent snapshot.
     *
     * @throws StoreClosedException when this store is closed or closing
     * @throws StoreException when the database fails
     */
    <T> T read(StoreWork<T> work);

    /**
     * Empties every projection table and replays the whole op log, in the order it was appended, through
     * {@code applier}, in one transaction.
     *
     * @return how many operations were replayed
     */
    long rebuildProjections(OpApplier applier);

    /** Where the data lives, for messages ("H2 file /srv/salus/clinic.mv.db"). */
    String location();
}
