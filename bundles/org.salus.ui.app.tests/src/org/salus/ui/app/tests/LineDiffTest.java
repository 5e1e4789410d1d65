package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.salus.ui.patients.LineDiff;
import org.salus.ui.patients.LineDiff.Kind;
import org.salus.ui.patients.LineDiff.Row;

/** The line diff behind the side-by-side compare of note revisions. */
class LineDiffTest {

    @Test
    void theSameTextIsTheSameOnEveryLine() {
        List<Row> rows = LineDiff.compare("cough\nno fever\n", "cough\nno fever\n");
        assertEquals(List.of(Kind.SAME, Kind.SAME), kinds(rows));
    }

    @Test
    void aFinalLineBreakIsNoExtraLine() {
        assertEquals(List.of(Kind.SAME), kinds(LineDiff.compare("cough\n", "cough")));
        assertEquals(List.of(), LineDiff.compare("", null));
    }

    @Test
    void aReplacedLineIsChangedAndKeepsItsNeighboursTheSame() {
        List<Row> rows = LineDiff.compare("Cough for 3 days.\nTemperature 38.2.\nPlan: rest.", "Cough for 3 days.\nTemperature 37.1.\nPlan: rest.");
        assertEquals(List.of(Kind.SAME, Kind.CHANGED, Kind.SAME), kinds(rows));
        assertEquals(new Row(Kind.CHANGED, "Temperature 38.2.", "Temperature 37.1."), rows.get(1));
    }

    @Test
    void linesOnlyOneSideHasAreAddedOrRemovedWithNothingAcross() {
        List<Row> added = LineDiff.compare("a\nb", "a\nb\nc");
        assertEquals(List.of(Kind.SAME, Kind.SAME, Kind.ADDED), kinds(added));
        assertNull(added.get(2).left());
        assertEquals("c", added.get(2).right());

        List<Row> removed = LineDiff.compare("a\nb\nc", "a\nc");
        assertEquals(List.of(Kind.SAME, Kind.REMOVED, Kind.SAME), kinds(removed));
        assertEquals("b", removed.get(1).left());
        assertNull(removed.get(1).right());

        assertEquals(List.of(Kind.ADDED, Kind.ADDED), kinds(LineDiff.compare("", "first\nsecond")));
        assertEquals(List.of(Kind.REMOVED), kinds(LineDiff.compare("gone", "")));
    }

    @Test
    void twoLinesReplacedByThreeAreTwoChangedAndOneAdded() {
        List<Row> rows = LineDiff.compare("head\nold 1\nold 2\ntail", "head\nnew 1\nnew 2\nnew 3\ntail");
        assertEquals(List.of(Kind.SAME, Kind.CHANGED, Kind.CHANGED, Kind.ADDED, Kind.SAME), kinds(rows));
        assertEquals(2, LineDiff.count(rows, Kind.CHANGED));
        assertEquals(1, LineDiff.count(rows, Kind.ADDED));
    }

    @Test
    void aMovedBlockKeepsTheLongestCommonRunAndEachSideReadsBackWhole() {
        String older = "S: cough\nO: T 38.2\nO: chest clear\nA: viral URTI\nP: rest, fluids";
        String newer = "S: cough, better\nO: T 37.1\nO: chest clear\nA: viral URTI\nP: rest, fluids\nP: review in 1 week";
        List<Row> rows = LineDiff.compare(older, newer);
        assertEquals(List.of(Kind.CHANGED, Kind.CHANGED, Kind.SAME, Kind.SAME, Kind.SAME, Kind.ADDED), kinds(rows));
        assertEquals(older, side(rows, true), "the left pane is the older text, line for line");
        assertEquals(newer, side(rows, false), "the right pane is the newer text, line for line");
        assertTrue(rows.stream().filter(r -> r.kind() == Kind.SAME).allMatch(r -> r.left().equals(r.right())));
    }

    @Test
    void windowsAndOldMacLineBreaksSplitLinesToo() {
        assertEquals(List.of(Kind.SAME, Kind.CHANGED), kinds(LineDiff.compare("a\r\nb", "a\rc")));
    }

    private static List<Kind> kinds(List<Row> rows) {
        return rows.stream().map(Row::kind).toList();
    }

    private static String side(List<Row> rows, boolean left) {
        return rows.stream().map(r -> left ? r.left() : r.right()).filter(Objects::nonNull).collect(Collectors.joining("\n"));
    }
}
