package org.salus.store.h2.internal.crypt;

import java.io.IOException;

/**
 * An encrypted store file whose first sectors do not decrypt to a store header with the key given: the key is not this
 * file's, or both copies of the file's header are damaged. Nothing was written to the file.
 */
public final class KeyMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    KeyMismatchException(String file) {
        super("the key does not decrypt " + file + " (neither copy of its header reads back)");
    }
}
