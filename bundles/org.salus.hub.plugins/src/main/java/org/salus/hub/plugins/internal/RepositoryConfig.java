package org.salus.hub.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the hub's plugin repository (pid {@value #PID}, {@code load/org.salus.hub.plugins.cfg}). */
@ObjectClassDefinition(name = "Salus hub plugin repository", description = "Where the approved plugins are kept and whom their signers must chain to.")
public @interface RepositoryConfig {

    String PID = "org.salus.hub.plugins";

    @AttributeDefinition(description = "The folder of the published plugin jars.")
    String directory() default "data/plugins";

    @AttributeDefinition(description = "Files of the certificates a plugin's signer must chain to: PEM certificates or key stores (.p12, .pfx, "
            + ".jks). None: every plugin is refused.")
    String[] trustAnchors() default {};

    @AttributeDefinition(description = "The password of the trust anchor key stores, if they have one.", type = AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "The largest plugin jar accepted, in bytes.")
    long maxJarBytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "The repository's name in its index.")
    String name() default "Salus hub plugins";
}
