package org.salus.core.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Supplies the key a store encrypts its files with. The provider with the highest service ranking wins, so a
 * security bundle can replace the default key file with a key kept in secure storage.
 */
@ConsumerType
public interface DatabaseKeyProvider {

    /**
     * The key of a store, as characters (hex, 64 of them for 32 bytes). Each call returns a fresh array that the
     * caller wipes after use.
     *
     * @param storeName the store's name, such as {@code clinic}
     * @throws StoreException when no key can be had (the message says where it was looked for)
     */
    char[] databaseKey(String storeName);

    /** Where the key comes from, for messages ("key file /srv/salus/clinic.key"); never the key itself. */
    String describe();
}
