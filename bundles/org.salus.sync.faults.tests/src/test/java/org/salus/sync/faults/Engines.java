package org.salus.sync.faults;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.salus.sync.mqtt.internal.SyncConfig;

/** Sync engine settings as ConfigAdmin would give them: those named, every other its declared default. */
final class Engines {

    private Engines() {
    }

    static SyncConfig config(Map<String, Object> values) {
        return (SyncConfig) Proxy.newProxyInstance(SyncConfig.class.getClassLoader(), new Class<?>[] { SyncConfig.class }, (proxy, m, args) ->
            switch (m.getName()) {
                case "annotationType" -> SyncConfig.class;
                case "toString" -> "SyncConfig" + values.keySet();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> values.containsKey(m.getName()) ? values.get(m.getName()) : m.getDefaultValue();
            });
    }
}
