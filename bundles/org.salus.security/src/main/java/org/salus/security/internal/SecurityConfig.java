package org.salus.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Login, lockout, session and hashing settings (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus security", description = "How logins are checked and how long sessions last.")
public @interface SecurityConfig {

    String PID = "org.salus.security";

    @AttributeDefinition(name = "Idle lock (minutes)", description = "A session locks after this long without activity.")
    long idleLockMinutes() default 60;

    @AttributeDefinition(name = "Longest session (hours)", description = "A session ends this long after its login, however active.")
    long maxSessionHours() default 12;

    @AttributeDefinition(name = "Failed logins before lockout", description = "This many failed attempts in a row lock the account until an administrator unlocks it.")
    int maxFailedLogins() default 5;

    @AttributeDefinition(name = "First retry delay (ms)", description = "After the first failed attempt the next one waits this long; each further failure doubles it.")
    long retryDelayMillis() default 1000;

    @AttributeDefinition(name = "Longest retry delay (ms)", description = "The doubling delay never exceeds this.")
    long maxRetryDelayMillis() default 300_000;

    @AttributeDefinition(name = "Shortest password", description = "New passwords have at least this many characters.")
    int minPasswordLength() default 10;

    @AttributeDefinition(name = "Argon2id memory (KiB)", description = "Memory cost of one password hash.")
    int argon2MemoryKib() default 65_536;

    @AttributeDefinition(name = "Argon2id passes", description = "Time cost of one password hash.")
    int argon2Iterations() default 3;

    @AttributeDefinition(name = "Argon2id lanes", description = "Parallelism of one password hash.")
    int argon2Parallelism() default 1;

    @AttributeDefinition(name = "Print setup password", description = "On a headless hub: on first run, print the setup account's one-time password once to the console.")
    boolean printSetupPassword() default false;
}
