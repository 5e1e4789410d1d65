package org.salus.security;

import java.time.Instant;
import java.util.Set;

/**
 * A user as an administrator sees it; never the password hash.
 *
 * @param id the user's id
 * @param username the login name (NFKC, lower case)
 * @param displayName the name to show
 * @param roleIds the user's roles
 * @param enabled false when an administrator disabled the account (or it is a retired setup account)
 * @param setupAccount whether this is the first-run administrator
 * @param locked whether failed logins locked the account (an administrator unlocks it)
 * @param failedLogins failed attempts since the last successful login
 * @param mustChangePassword whether the next login must set a new password
 * @param lastLoginAt the last successful login anywhere in the clinic, or null
 */
public record UserInfo(String id, String username, String displayName, Set<String> roleIds, boolean enabled, boolean setupAccount,
        boolean locked, int failedLogins, boolean mustChangePassword, Instant lastLoginAt) {

    public UserInfo {
        roleIds = Set.copyOf(roleIds);
    }
}
