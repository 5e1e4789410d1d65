/** Holds nothing: the integration tests of the model bundle live in the test bundle built from src/test/java. */
package org.salus.model.tests;
