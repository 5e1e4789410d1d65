package org.salus.ui.audit;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.salus.core.op.OpQuery;

/**
 * What the person asked to see, as typed: every field may be empty.
 *
 * @param entityType an entity type ({@code StockMovement})
 * @param entityId one entity's id
 * @param user a login name, or a user id
 * @param device a device id
 * @param opType an operation type ({@code stock.dispense})
 * @param from the first day, or null
 * @param to the last day (inclusive), or null
 */
public record AuditFilter(String entityType, String entityId, String user, String device, String opType, LocalDate from, LocalDate to) {

    /** No filter at all. */
    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null, null);
    }

    /**
     * The op log query for this filter.
     *
     * @param names resolves a login name to the user's id
     * @param zone the clinic's time zone, for the days
     * @param pageSize operations per page
     */
    public OpQuery toQuery(UserNames names, ZoneId zone, int pageSize) {
        OpQuery q = OpQuery.all().pageSize(pageSize);
        if (blank(entityType) != null || blank(entityId) != null) {
            q = q.entity(blank(entityType), blank(entityId));
        }
        if (blank(device) != null) {
            q = q.device(blank(device));
        }
        if (blank(opType) != null) {
            q = q.type(blank(opType));
        }
        if (from != null || to != null) {
            q = q.between(from == null ? null : from.atStartOfDay(zone).toInstant(), to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
        }
        String u = blank(user);
        if (u != null) {
            List<String> ids = names.idsOf(u);
            // not a login name: perhaps an id copied from the table
            q = q.user(ids.isEmpty() ? u : ids.get(0));
        }
        return q;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
