package org.salus.hub.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the hub's HTTP endpoints listen. */
@ObjectClassDefinition(name = "Salus hub HTTP endpoints", description = "Health, Prometheus metrics and device sync status. "
        + "A change restarts the server.")
public @interface HttpConfig {

    String PID = "org.salus.hub.http";

    @AttributeDefinition(name = "Host", description = "The address to listen on. 127.0.0.1 (the default) keeps the endpoints on this "
            + "machine; 0.0.0.0 lets a monitoring server elsewhere scrape them. The pages name devices and clinics, not patients.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "The HTTP port, 1 to 65535.")
    int port() default 8180;

    @AttributeDefinition(name = "Worker threads", description = "Requests answered at once.")
    int threads() default 2;
}
