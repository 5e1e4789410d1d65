package org.salus.security.internal.keys;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the hub keeps its database keys (ConfigAdmin pid {@value #PID}; the provider runs only when it is set). */
@ObjectClassDefinition(name = "Salus hub key file", description = "The hub's database keys, one owner-only file per store.")
public @interface KeyFileConfig {

    String PID = "org.salus.security.keyfile";

    @AttributeDefinition(name = "Key directory", description = "Directory of the key files (<store>.key, mode 0600); keep it off the data disk's backups and in your key backups.")
    String directory();

    @AttributeDefinition(name = "Adopt key file", description = "A key file made earlier by the store's temporary provider; its key is taken over once, so an existing store stays readable.")
    String adoptKeyFile() default "";
}
