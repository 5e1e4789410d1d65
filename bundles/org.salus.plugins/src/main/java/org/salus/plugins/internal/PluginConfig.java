package org.salus.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the plugin manager (pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus plugin manager", description = "Trust anchors, the hub repository and where installed plugins are kept.")
public @interface PluginConfig {

    String PID = "org.salus.plugins";

    /** Framework property read when the configuration names no trust anchor (set it in the workstation's config.ini). */
    String TRUST_PROPERTY = "salus.plugins.trustAnchors";

    /** Framework property read when the configuration names no hub repository. */
    String REPOSITORY_PROPERTY = "salus.plugins.repository";

    @AttributeDefinition(description = "Files of the certificates a plugin's signer must chain to: PEM certificates, or key stores "
            + "(.p12, .pfx, .jks). Empty: the framework property salus.plugins.trustAnchors (comma-separated); none: nothing installs.")
    String[] trustAnchors() default {};

    @AttributeDefinition(description = "The password of the trust anchor key stores, if they have one.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Where installed plugins and their list are kept. Empty: the bundle's own data area in the framework storage.")
    String directory() default "";

    @AttributeDefinition(description = "The hub's plugin repository, such as http://hub.clinic.local:8180/plugins/. Empty: the framework property "
            + "salus.plugins.repository, or none.")
    String hubRepository() default "";

    @AttributeDefinition(description = "How long to wait for the framework to refresh packages after a change, in seconds.")
    int refreshSeconds() default 30;
}
