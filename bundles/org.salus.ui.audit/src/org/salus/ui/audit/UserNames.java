package org.salus.ui.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.salus.core.audit.AuditLog;
import org.salus.core.command.Actor;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpPage;
import org.salus.core.op.OpQuery;

/**
 * Login names for the user ids the op log records, read from the trail itself: every user was created by a
 * {@code user.create} operation whose payload names them. Nothing beside the op log is consulted.
 */
public final class UserNames {

    static final String USER_CREATE = "user.create";
    private static final Pattern USERNAME = Pattern.compile("\"username\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, String> byId;

    private UserNames(Map<String, String> byId) {
        this.byId = byId;
    }

    /** Reads every {@code user.create} operation of the log, as the user behind {@code actor} (who needs audit.read). */
    public static UserNames read(AuditLog log, Actor actor) {
        Map<String, String> names = new HashMap<>();
        OpQuery query = OpQuery.all().type(USER_CREATE).pageSize(OpQuery.MAX_LIMIT);
        while (true) {
            OpPage page = log.find(actor, query);
            for (OpEnvelope op : page.operations()) {
                Matcher m = USERNAME.matcher(op.payload());
                if (m.find()) {
                    names.put(op.entityId(), m.group(1));
                }
            }
            if (!page.hasMore()) {
                break;
            }
            query = query.olderThan(page.nextCursor());
        }
        return new UserNames(names);
    }

    /** The login name of a user id; the id itself when unknown ({@code system} for the platform's own records). */
    public String name(String userId) {
        String n = byId.get(userId);
        return n == null ? userId : n;
    }

    /** The ids of users with this login name (ignoring case); one, normally. */
    public List<String> idsOf(String username) {
        List<String> ids = new ArrayList<>();
        byId.forEach((id, name) -> {
            if (name.equalsIgnoreCase(username)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
