package org.salus.ui.app.errors;

import org.salus.core.access.AccessControlUnavailableException;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.command.StockRefusedException;
import org.salus.core.command.StoreFailureException;
import org.salus.core.command.StoreUnavailableException;

/** Turns what a service threw into a sentence the person at the workstation can act on. */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    /** The plain-words message for a failure; never a stack trace. */
    public static String of(Throwable t) {
        if (t instanceof PermissionDeniedException e) {
            return "You may not do this: " + words(e.permission()) + " is not part of your roles. Ask an administrator for a role"
                    + " that allows it. Nothing was recorded except this refusal.";
        }
        if (t instanceof SessionRefusedException e) {
            return switch (e.problem()) {
                case LOCKED -> "Your session is locked. Unlock it with your password, then try again.";
                case EXPIRED -> "Your session has ended (sessions last at most a working day). Log in again.";
                case PASSWORD_CHANGE_REQUIRED -> "Set a new password first (File > Change password), then try again.";
                case ACCOUNT_DISABLED -> "Your account has been disabled or locked. An administrator can enable or unlock it.";
                case UNKNOWN -> "You are not logged in on this workstation any more. Log in again.";
            };
        }
        if (t instanceof AccessControlUnavailableException) {
            return "The security service is not running, so nothing can be recorded or shown now. Restart the workstation; if this stays, call"
                    + " your administrator.";
        }
        if (t instanceof InvalidInputException e) {
            return "Please check " + field(e.field()) + ": " + e.reason();
        }
        if (t instanceof StockRefusedException || t instanceof NotFoundException) {
            return sentence(t.getMessage());
        }
        if (t instanceof StoreUnavailableException) {
            return "The clinic store is not available right now (it may still be opening, or be updated). Nothing was recorded;"
                    + " try again in a moment.";
        }
        if (t instanceof StoreFailureException) {
            return "The clinic store failed while recording, so nothing was recorded: " + t.getMessage();
        }
        String message = t.getMessage();
        return "Something went wrong: " + (message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
    }

    /** A permission as a person says it. */
    public static String words(String permission) {
        if (permission == null) {
            return "this";
        }
        return switch (permission) {
            case "stock.receive" -> "receiving stock";
            case "stock.dispense" -> "dispensing";
            case "stock.dispense.order" -> "dispensing against an order";
            case "stock.adjust" -> "adjusting stock";
            case "stock.write-off" -> "writing off expired stock";
            case "stock.transfer" -> "transferring stock";
            case "medicine.register" -> "registering medicines";
            case "patient.register" -> "registering patients";
            case "patient.read" -> "reading patient records";
            case "patient.demographics" -> "changing patient demographics";
            case "clinical.encounter" -> "opening encounters";
            case "clinical.observation" -> "recording observations";
            case "clinical.order" -> "ordering and stopping medications";
            case "clinical.note" -> "writing clinical notes";
            case "audit.read" -> "reading the audit trail";
            case "user.manage" -> "managing users";
            default -> permission;
        };
    }

    private static String field(String field) {
        return switch (field) {
            case "medicineId" -> "the medicine";
            case "batchId" -> "the batch";
            case "toLocation" -> "the destination";
            case "identifier" -> "the record number";
            case "givenName" -> "the given name";
            case "familyName" -> "the family name";
            case "birthDate" -> "the date of birth";
            case "kind" -> "the kind of visit";
            case "code" -> "what was observed";
            case "frequency" -> "how often";
            case "text" -> "the text";
            case "patientId" -> "the patient";
            case "encounterId" -> "the encounter";
            case "orderId" -> "the medication order";
            case "noteId" -> "the note";
            default -> "the " + field;
        };
    }

    private static String sentence(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.endsWith(".") ? s : s + ".";
    }
}
