package org.kith.extraction.mrz;

import static org.kith.extraction.mrz.MrzCells.at;
import static org.kith.extraction.mrz.MrzCells.compositeValid;
import static org.kith.extraction.mrz.MrzCells.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kith.extraction.mrz.Correction.Reason;
import org.kith.extraction.mrz.MrzCells.Cell;

/**
 * The look-alike search of {@link MrzParser} step 5: for an alphanumeric field whose check digit fails, the
 * alternatives {@code 0↔O, 1↔I, 2↔Z, 5↔S, 8↔B} of at most {@value #MAX_AMBIGUOUS} ambiguous characters, of which
 * the one variant satisfying the check digit at the lowest cost (at most {@value #MAX_COST}) is applied. Stateless.
 */
final class LookAlikes {
  private static final int MAX_AMBIGUOUS = 8;
  private static final int MAX_COST = 2;
  private static final Map<Character, Character> ALPHANUMERIC = Map.of(
      '0', 'O', 'O', '0', '1', 'I', 'I', '1', '2', 'Z', 'Z', '2', '5', 'S', 'S', '5', '8', 'B', 'B',
      '8');

  private LookAlikes() {}

  /**
   * Tries the look-alike alternatives of the ambiguous characters of an alphanumeric field whose check digit
   * fails, and applies the one variant that satisfies it at the lowest cost, if there is exactly one. When
   * {@code othersValid} (every other check digit the composite covers is valid) a variant must also satisfy the
   * composite check digit; otherwise the composite only breaks ties. (Mostly the composite agrees with the
   * field's own check digit, as both weigh the field alike; the TD1 overflow of a long document number is
   * weighed differently.)
   */
  static void search(
      char[][] grid,
      List<Cell> cells,
      Cell check,
      String field,
      MrzLayout layout,
      boolean othersValid,
      List<Correction> corrections) {
    char digit = at(grid, check);
    String read = read(grid, cells);
    if (digit < '0' || digit > '9' || CheckDigits.isValid(read, digit)) {
      return;
    }
    List<Integer> ambiguous = new ArrayList<>();
    for (int i = 0; i < read.length(); i++) {
      if (ALPHANUMERIC.containsKey(read.charAt(i))) {
        ambiguous.add(i);
      }
    }
    if (ambiguous.isEmpty() || ambiguous.size() > MAX_AMBIGUOUS) {
      return;
    }
    int n = ambiguous.size();
    int[] deltas = new int[n];
    int[] costs = new int[n];
    for (int k = 0; k < n; k++) {
      int i = ambiguous.get(k);
      char from = read.charAt(i);
      char to = ALPHANUMERIC.get(from);
      deltas[k] = (CheckDigits.value(to) - CheckDigits.value(from)) * CheckDigits.weight(i);
      costs[k] = cost(read, i, to);
    }
    int target = digit - '0';
    int base = CheckDigits.compute(read);
    int bestCost = Integer.MAX_VALUE;
    List<Integer> winners = new ArrayList<>();
    for (int variant = 1; variant < 1 << n; variant++) {
      int delta = 0;
      int cost = 0;
      for (int k = 0; k < n; k++) {
        if ((variant & 1 << k) != 0) {
          delta += deltas[k];
          cost += costs[k];
        }
      }
      if (cost <= MAX_COST && cost <= bestCost && Math.floorMod(base + delta, 10) == target) {
        if (cost < bestCost) {
          bestCost = cost;
          winners.clear();
        }
        winners.add(variant);
      }
    }
    if (layout.compositeCheck().isPresent() && (othersValid || winners.size() > 1)) {
      List<Integer> consistent = new ArrayList<>();
      for (int variant : winners) {
        apply(grid, cells, ambiguous, variant);
        if (compositeValid(grid, layout)) {
          consistent.add(variant);
        }
        apply(grid, cells, ambiguous, variant);
      }
      winners = consistent;
    }
    if (winners.size() != 1) {
      return;
    }
    int variant = winners.get(0);
    apply(grid, cells, ambiguous, variant);
    for (int k = 0; k < n; k++) {
      if ((variant & 1 << k) != 0) {
        Cell cell = cells.get(ambiguous.get(k));
        corrections.add(new Correction(
            cell.line(),
            cell.column(),
            String.valueOf(read.charAt(ambiguous.get(k))),
            String.valueOf(at(grid, cell)),
            field,
            Reason.CHECK_DIGIT));
      }
    }
  }

  /** Swaps the look-alikes chosen by the bits of {@code variant}; applying it twice restores the cells. */
  private static void apply(char[][] grid, List<Cell> cells, List<Integer> ambiguous, int variant) {
    for (int k = 0; k < ambiguous.size(); k++) {
      if ((variant & 1 << k) != 0) {
        Cell cell = cells.get(ambiguous.get(k));
        grid[cell.line()][cell.column()] = ALPHANUMERIC.get(at(grid, cell));
      }
    }
  }

  /**
   * How unlikely reading {@code to} at {@code index} is: a digit misread as a letter is less likely than the
   * reverse, and each alphanumeric neighbour of the other kind makes the change less likely.
   */
  private static int cost(String read, int index, char to) {
    boolean digit = Character.isDigit(to);
    int cost = digit ? 1 : 2;
    for (int j : new int[] {index - 1, index + 1}) {
      if (j >= 0
          && j < read.length()
          && read.charAt(j) != '<'
          && Character.isDigit(read.charAt(j)) != digit) {
        cost++;
      }
    }
    return cost;
  }
}
