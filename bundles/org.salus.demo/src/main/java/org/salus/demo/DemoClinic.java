package org.salus.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.salus.demo.internal.Catalogue;
import org.salus.demo.internal.Generator;

/**
 * A seeded, realistic clinic for demos and benchmarks: medicines from the WHO essential medicines list, batches with
 * expiry dates spread around "today", synthetic patients, and years of dispensing with weekly and seasonal rhythm.
 * <p>
 * Batches, patients and dispensings are streamed, never held in memory together, so a benchmark can ask for a million
 * batches. Every stream can be read again and gives the same records; the same parameters always give the same data.
 */
public final class DemoClinic {

    /** The resource holding the WHO list, in this package. */
    public static final String WHO_LIST_RESOURCE = "who-eml.csv";

    private final DemoParameters parameters;
    private final Generator generator;

    /** A clinic stocking {@code parameters.medicines()} medicines of the WHO list. */
    public DemoClinic(DemoParameters parameters) {
        this(parameters, whoEssentialMedicines());
    }

    /**
     * A clinic stocking {@code parameters.medicines()} medicines of the given catalogue, taken evenly across it.
     *
     * @throws DemoDataException when the catalogue has fewer medicines than asked for
     */
    public DemoClinic(DemoParameters parameters, List<DemoMedicine> catalogue) {
        if (parameters.medicines() > catalogue.size()) {
            throw new DemoDataException("Demo parameter medicines = " + parameters.medicines() + " must be at most "
                    + catalogue.size() + ", the size of the medicine list");
        }
        this.parameters = parameters;
        this.generator = new Generator(parameters, spread(catalogue, parameters.medicines()));
    }

    /** The whole WHO list shipped with this bundle, in file order, each with its GTIN. */
    public static List<DemoMedicine> whoEssentialMedicines() {
        try (InputStream in = DemoClinic.class.getResourceAsStream(WHO_LIST_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The demo bundle lacks its resource " + WHO_LIST_RESOURCE);
            }
            return readMedicines(new InputStreamReader(in, StandardCharsets.UTF_8), WHO_LIST_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + WHO_LIST_RESOURCE, e);
        }
    }

    /**
     * Reads a medicine list in the format of {@code who-eml.csv} (header {@code inn,form,strength,unit,critical,reorderLevel}).
     *
     * @param source names the input in error messages
     * @throws DemoDataException naming the line and field of the first malformed row
     */
    public static List<DemoMedicine> readMedicines(Reader reader, String source) throws IOException {
        return Catalogue.read(reader, source);
    }

    public DemoParameters parameters() {
        return parameters;
    }

    /** The medicines this clinic stocks. */
    public List<DemoMedicine> medicines() {
        return generator.medicines();
    }

    /** The first day of the dispensing history; the last is the day before {@code asOf}. */
    public LocalDate historyStart() {
        return generator.historyStart();
    }

    /** medicines x batchesPerMedicine. */
    public long batchCount() {
        return (long) medicines().size() * parameters.batchesPerMedicine();
    }

    /** All batches, medicine by medicine, each medicine's in order of receipt. */
    public Stream<DemoBatch> batches() {
        return stream(generator.batches());
    }

    /** Batch k (0-based, in order of receipt) of the m-th medicine of {@link #medicines()}. */
    public DemoBatch batch(int medicineIndex, int k) {
        return generator.batch(medicineIndex, k);
    }

    /** All patients, in order of record number. */
    public Stream<DemoPatient> patients() {
        return IntStream.range(0, parameters.patients()).mapToObj(generator::patient);
    }

    /** Patient i (0-based); its record number is i + 1. */
    public DemoPatient patient(int index) {
        return generator.patient(index);
    }

    /** The dispensing history in time order. Medicines that have run out on a day are not dispensed that day. */
    public Stream<DemoDispense> dispenses() {
        return stream(generator.dispenses());
    }

    private static <T> Stream<T> stream(Iterator<T> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    // Evenly spaced picks, so a small clinic still spans the whole alphabet of the list.
    private static List<DemoMedicine> spread(List<DemoMedicine> catalogue, int count) {
        List<DemoMedicine> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(catalogue.get((int) ((long) i * catalogue.size() / count)));
        }
        return picked;
    }
}
