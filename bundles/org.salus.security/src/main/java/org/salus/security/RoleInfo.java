package org.salus.security;

import java.util.Set;

/**
 * A role: a named set of permissions.
 *
 * @param id the role's id, which is also its short name ({@code pharmacist})
 * @param name the name to show
 * @param description what the role is for
 * @param permissions what it grants
 */
public record RoleInfo(String id, String name, String description, Set<String> permissions) {

    public RoleInfo {
        permissions = Set.copyOf(permissions);
    }
}
