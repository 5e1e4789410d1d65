package org.salus.demo.internal;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.List;
import java.util.SplittableRandom;

import org.salus.demo.DemoMedicine;

/** How a medicine is used: seasonal demand, how much one dispensing hands out, and the pack size it is bought in. */
public final class Usage {

    // Monthly demand factors, January first. Rainy months (May to September) bring malaria and diarrhoea;
    // cold months (November to February) bring respiratory infections.
    private static final double[] RAINY = {0.6, 0.6, 0.7, 0.9, 1.3, 1.6, 1.8, 1.8, 1.5, 1.0, 0.7, 0.6};
    private static final double[] COLD = {1.7, 1.5, 1.1, 0.8, 0.7, 0.6, 0.6, 0.6, 0.7, 0.9, 1.3, 1.7};
    private static final double[] FLAT = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

    private static final List<String> RAINY_SEASON = List.of("artemether", "artesunate", "quinine", "chloroquine", "primaquine",
            "sulfadoxine", "oral rehydration salts", "zinc");
    private static final List<String> COLD_SEASON = List.of("amoxicillin", "salbutamol", "beclometasone", "budesonide", "azithromycin",
            "phenoxymethylpenicillin", "cefalexin", "prednisolone", "chlorphenamine");

    private final double[] season;
    private final int[] quantities;
    private final int packSize;

    private Usage(double[] season, int[] quantities, int packSize) {
        this.season = season;
        this.quantities = quantities;
        this.packSize = packSize;
    }

    public static Usage of(DemoMedicine m) {
        String inn = m.innName();
        String form = m.form();
        double[] season = startsWithAny(inn, RAINY_SEASON) ? RAINY : startsWithAny(inn, COLD_SEASON) ? COLD : FLAT;
        boolean solid = form.contains("tablet") || form.contains("capsule");
        if (inn.equals("oral rehydration salts")) {
            return new Usage(season, new int[] {2, 3, 4, 6}, 50);
        }
        if (inn.equals("artemether+lumefantrine")) {
            return new Usage(season, form.startsWith("dispersible") ? new int[] {6, 12, 18} : new int[] {24}, 90);
        }
        if (solid) {
            int[] course = switch (inn) {
                case "albendazole", "mebendazole", "fluconazole", "levonorgestrel", "clotrimazole" -> new int[] {1};
                case "ivermectin" -> new int[] {3, 4};
                case "praziquantel" -> new int[] {3, 4, 5};
                case "misoprostol", "sulfadoxine+pyrimethamine" -> new int[] {3};
                case "artesunate+amodiaquine" -> new int[] {3, 6};
                case "chloroquine", "zinc sulfate" -> new int[] {10};
                case "primaquine" -> new int[] {1, 14};
                case "artesunate" -> new int[] {1};
                default -> new int[] {10, 14, 20, 21, 28, 30, 30, 60};
            };
            return new Usage(season, course, 100);
        }
        if (form.contains("inject") || form.contains("injectable")) {
            return new Usage(season, new int[] {1, 1, 1, 2, 3}, 10);
        }
        if (form.contains("suppositor")) {
            return new Usage(season, new int[] {1, 2, 3, 6}, 10);
        }
        return new Usage(season, new int[] {1, 1, 1, 2}, 10);
    }

    /** Demand in a month relative to the yearly mean of 1. */
    public double season(Month month) {
        return season[month.ordinal()];
    }

    /** Fewer patients at the weekend: Saturday is a half day, Sunday only emergencies. */
    public static double weekday(DayOfWeek day) {
        return switch (day) {
            case MONDAY -> 1.15;
            case FRIDAY -> 0.95;
            case SATURDAY -> 0.45;
            case SUNDAY -> 0.15;
            default -> 1.0;
        };
    }

    /** The mean of {@link #weekday} over a week. */
    public static double meanWeekday() {
        double sum = 0;
        for (DayOfWeek d : DayOfWeek.values()) {
            sum += weekday(d);
        }
        return sum / 7;
    }

    /** Dispensing units handed out by one dispensing. */
    public int quantity(SplittableRandom random) {
        return quantities[random.nextInt(quantities.length)];
    }

    public double meanQuantity() {
        double sum = 0;
        for (int q : quantities) {
            sum += q;
        }
        return sum / quantities.length;
    }

    /** Received quantities are whole packs of this many dispensing units. */
    public int packSize() {
        return packSize;
    }

    private static boolean startsWithAny(String inn, List<String> prefixes) {
        for (String p : prefixes) {
            if (inn.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
