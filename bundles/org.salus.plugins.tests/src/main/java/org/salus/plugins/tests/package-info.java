/** Holds nothing: the tests of this module live in its test bundle. */
package org.salus.plugins.tests;
