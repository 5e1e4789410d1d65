package org.salus.security.equinox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the workstation keeps its database keys (ConfigAdmin pid {@value #PID}; all optional). */
@ObjectClassDefinition(name = "Salus secure storage key", description = "The workstation's database keys in Eclipse secure storage.")
public @interface SecureStorageConfig {

    String PID = "org.salus.security.equinox";

    @AttributeDefinition(name = "Storage file", description = "A secure storage file of its own; empty means the user's default Eclipse secure storage.")
    String location() default "";

    @AttributeDefinition(name = "Master password file", description = "For a workstation without an OS keyring: a file (mode 0600) holding the"
            + " secure storage's master password. Empty means the platform's password provider (keyring, Keychain, Windows data protection).")
    String masterPasswordFile() default "";

    @AttributeDefinition(name = "Adopt key file", description = "A key file made earlier by the store's temporary provider; its key is taken over once, so an existing store stays readable.")
    String adoptKeyFile() default "";
}
