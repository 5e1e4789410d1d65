package org.salus.core.command;

/** A command names an entity the clinic's data does not hold. */
public class NotFoundException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final String entityType;
    private final String id;

    public NotFoundException(String entityType, String id) {
        super("No " + describe(entityType) + " with id '" + id + "' is recorded");
        this.entityType = entityType;
        this.id = id;
    }

    private static String describe(String entityType) {
        return switch (entityType) {
            case "Medicine" -> "medicine";
            case "StockBatch" -> "stock batch";
            case "Patient" -> "patient";
            case "Encounter" -> "encounter";
            case "MedicationOrder" -> "medication order";
            case "Note" -> "note";
            case "Conflict" -> "conflict record";
            default -> entityType;
        };
    }

    /** The entity type that was looked for. */
    public String entityType() {
        return entityType;
    }

    /** The id that was looked for. */
    public String id() {
        return id;
    }
}
