package org.salus.store.h2.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A store configuration as ConfigAdmin would hand it to the component. */
final class TestConfig {

    private TestConfig() {
    }

    static StoreConfig of(Path database, Path keyFile) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String path() {
                return database.toString();
            }

            @Override
            public String keyFile() {
                return keyFile.toString();
            }

            @Override
            public long verifyTailOps() {
                return 1000;
            }

            @Override
            public String durability() {
                return "WRITE";
            }

            @Override
            public int lockTimeoutMillis() {
                return 10_000;
            }
        };
    }
}
