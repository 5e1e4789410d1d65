package org.salus.security;

import java.util.Arrays;

/**
 * The first-run administrator, created when the clinic has no user: show the one-time password once, then wipe it.
 * The account must set a new password at its first login and is disabled as soon as a real administrator exists.
 *
 * @param username the login name ({@value #USERNAME})
 * @param oneTimePassword the password to show once; never stored anywhere in clear
 */
public record SetupAccount(String username, char[] oneTimePassword) {

    /** The setup account's login name. */
    public static final String USERNAME = "setup";

    /** Overwrites the password in memory once it has been shown. */
    public void wipe() {
        Arrays.fill(oneTimePassword, '\0');
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SetupAccount[" + username + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetupAccount other && other.username.equals(username) && Arrays.equals(other.oneTimePassword, oneTimePassword);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }
}
