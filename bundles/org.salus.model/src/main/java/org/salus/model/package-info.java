/**
 * Entry point to the Salus domain model: finds the EClass of an entity type by name and registers the model's packages.
 * The generated model itself lives in {@code org.salus.model.inventory}, {@code .clinical}, {@code .op} and
 * {@code .security}.
 */
@Export
@Version("1.0.0")
package org.salus.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
