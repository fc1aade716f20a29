package org.kith.core.consent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.EmailAddresses;
import org.kith.core.FieldError;
import org.kith.core.Rejected;
import org.kith.core.WebLinks;
import org.kith.core.net.OutboundTargets;

/**
 * An application's state machine: from each state, the states a recipient may move an instance to, each with
 * actions to run ({@code email} or {@code webhook}). Instances start in {@link #INITIAL}; {@link #WITHDRAWN} is
 * the owner's alone. Valid when every state a transition leads to is reachable from the initial state, every
 * action method is known, and no state is listed twice. Immutable.
 */
public final class Transitions {
  public static final String INITIAL = "Submitted";
  public static final String WITHDRAWN = org.kith.core.authz.AuthorizationModel.KITH.endedState();
  static final Set<String> METHODS = Set.of("email", "webhook");
  static final int MAX_STATES = 100;

  /** One permitted move and the actions it runs. */
  public record Move(String to, List<Map<String, Object>> actions) {}

  private final Map<String, List<Move>> moves;
  private final List<Map<String, Object>> source;

  private Transitions(Map<String, List<Move>> moves, List<Map<String, Object>> source) {
    this.moves = moves;
    this.source = source;
  }

  /** No transitions: instances stay Submitted until withdrawn. */
  public static Transitions none() {
    return new Transitions(Map.of(), List.of());
  }

  /**
   * Parses and checks transitions being registered, {@code [{state, next_states:[{state, actions?}]}]}: besides
   * the shape, each email destination is one plausible address ({@link EmailAddresses}) and a webhook URL's host
   * is not an address the targets refuse; 400 naming every field otherwise.
   */
  public static Transitions of(List<?> raw, OutboundTargets targets) {
    return parse(raw, targets);
  }

  /**
   * Reads transitions that were checked when registered (their webhook hosts are judged again when Kith
   * connects, as the rule may have changed since); 400 if they no longer have the right shape.
   */
  public static Transitions stored(List<?> raw) {
    return parse(raw, null);
  }

  @SuppressWarnings("unchecked")
  private static Transitions parse(List<?> given, @Nullable OutboundTargets targets) {
    List<?> raw = oneElementLists(given);
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<Move>> moves = new LinkedHashMap<>();
    if (raw.size() > MAX_STATES) {
      throw Rejected.invalid("transitions", "at most " + MAX_STATES + " states");
    }
    for (int i = 0; i < raw.size(); i++) {
      String at = "transitions/" + i;
      if (!(raw.get(i) instanceof Map<?, ?> entry)
          || !(entry.get("state") instanceof String state)
          || state.isBlank()
          || state.length() > 100) {
        errors.add(
            new FieldError(at + "/state", "each entry names its state (1 to 100 characters)"));
        continue;
      }
      if (state.equals(WITHDRAWN)) {
        errors.add(
            new FieldError(at + "/state", "Withdrawn is the owner's; no transitions leave it"));
      }
      if (moves.containsKey(state)) {
        errors.add(new FieldError(at + "/state", "state " + state + " is listed twice"));
      }
      List<Move> next = new ArrayList<>();
      Object nextStates = entry.get("next_states");
      if (nextStates != null && !(nextStates instanceof List<?>)) {
        errors.add(new FieldError(at + "/next_states", "next_states is a list"));
      } else if (nextStates != null) {
        List<?> list = (List<?>) nextStates;
        for (int j = 0; j < list.size(); j++) {
          String nAt = at + "/next_states/" + j;
          if (!(list.get(j) instanceof Map<?, ?> n)
              || !(n.get("state") instanceof String to)
              || to.isBlank()) {
            errors.add(new FieldError(nAt + "/state", "each next state has a name"));
            continue;
          }
          if (to.equals(WITHDRAWN) || to.equals(INITIAL)) {
            errors.add(new FieldError(nAt + "/state", to + " cannot be a transition's target"));
          }
          List<Map<String, Object>> actions = new ArrayList<>();
          if (n.get("actions") instanceof List<?> as) {
            for (int k = 0; k < as.size(); k++) {
              String aAt = nAt + "/actions/" + k;
              if (!(as.get(k) instanceof Map<?, ?> action)
                  || !METHODS.contains(action.get("method"))) {
                errors.add(new FieldError(
                    aAt + "/method", "unknown action method; use one of " + METHODS));
              } else if ("email".equals(action.get("method"))
                  && !(action.get("destinations") instanceof List<?> d
                      && !d.isEmpty()
                      && d.size() <= 20
                      && d.stream()
                          .allMatch(
                              x -> x instanceof String str && EmailAddresses.isPlausible(str)))) {
                errors.add(
                    new FieldError(
                        aAt + "/destinations",
                        "an email action needs 1 to 20 email addresses, each one address without spaces or line breaks"));
              } else if ("webhook".equals(action.get("method"))
                  && webhookProblem(action.get("url"), targets) != null) {
                errors.add(new FieldError(
                    aAt + "/url",
                    "a webhook action needs a url: " + webhookProblem(action.get("url"), targets)));
              } else if (action.get("template") != null
                  && !(action.get("template") instanceof String t && t.length() <= 10_000)) {
                errors.add(new FieldError(
                    aAt + "/template", "a template is text of at most 10,000 characters"));
              } else {
                actions.add((Map<String, Object>) action);
              }
            }
          } else if (n.get("actions") != null) {
            errors.add(new FieldError(nAt + "/actions", "actions is a list"));
          }
          next.add(new Move(to, List.copyOf(actions)));
        }
      }
      moves.put(state, List.copyOf(next));
    }
    if (errors.isEmpty()) {
      Set<String> reachable = reachable(moves);
      moves.forEach((state, next) -> {
        if (!reachable.contains(state)) {
          errors.add(new FieldError(
              "transitions", "state " + state + " cannot be reached from " + INITIAL));
        }
      });
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("the transitions are not a consistent state machine", errors);
    }
    return new Transitions(Map.copyOf(moves), (List<Map<String, Object>>) List.copyOf(raw));
  }

  /**
   * The entries with an object {@code next_states: {state, actions}} (the reference's form for a single next state)
   * written as the one-element list it means; everything else as given.
   */
  private static List<?> oneElementLists(List<?> raw) {
    List<Object> out = new ArrayList<>(raw.size());
    for (Object entry : raw) {
      if (entry instanceof Map<?, ?> m && m.get("next_states") instanceof Map<?, ?> one) {
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        copy.put("next_states", List.of(one));
        out.add(copy);
      } else {
        out.add(entry);
      }
    }
    return out;
  }

  /** What is wrong with a webhook URL (a web URL, https unless loopback, to an address the targets allow), or null. */
  static @Nullable String webhookProblem(@Nullable Object url, @Nullable OutboundTargets targets) {
    String u = url instanceof String s ? s : null;
    String problem = WebLinks.redirectProblem(u);
    return problem != null || u == null || targets == null ? problem : targets.urlProblem(u);
  }

  private static Set<String> reachable(Map<String, List<Move>> moves) {
    Set<String> seen = new HashSet<>(Set.of(INITIAL));
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(INITIAL));
    while (!todo.isEmpty()) {
      for (Move m : moves.getOrDefault(todo.pop(), List.of())) {
        if (seen.add(m.to())) {
          todo.push(m.to());
        }
      }
    }
    return seen;
  }

  /** The move from {@code from} to {@code to}, or a 409 naming the allowed targets. */
  public Move require(String from, String to) {
    for (Move m : moves.getOrDefault(from, List.of())) {
      if (m.to().equals(to)) {
        return m;
      }
    }
    List<String> allowed =
        moves.getOrDefault(from, List.of()).stream().map(Move::to).toList();
    throw Rejected.conflict(
        "an instance in state " + from + " cannot move to " + to + "; allowed: " + allowed);
  }

  /** The transitions as they were given, for storage and display. */
  public List<Map<String, Object>> source() {
    return source;
  }
}
