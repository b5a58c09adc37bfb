/**
 * Calico label selectors: which pods a {@code PacketCapture} captures.
 *
 * <p>{@link io.kcap.selector.Selector#parse(String)} turns text into a tree of records (a sealed
 * interface, so a {@code switch} over it is exhaustive); {@link
 * io.kcap.selector.Selector#matches(java.util.Map)} evaluates it against a pod's labels without
 * allocating, so the agent parses each capture's selector once and matches every endpoint with it.
 * {@code toString()} is Calico's canonical form and parses back to an equal selector. Bad text
 * throws {@link io.kcap.selector.SelectorSyntaxException}, which carries the offset and what was
 * expected there.
 *
 * {@snippet :
 * Selector web = Selector.parse("app == 'web' && tier in {'front', 'edge'} && !has(canary)");
 * web.matches(Map.of("app", "web", "tier", "edge"));   // true
 * web.matches(Map.of("app", "web", "canary", "yes"));  // false
 * web.toString();   // (app == "web" && tier in {"edge", "front"} && !has(canary))
 * Selector.parse("");                                  // Selector.all()
 * }
 *
 * <p>The language and its corner cases (missing labels, {@code !} parity, whitespace, quoting) are
 * those of libcalico-go, written down in {@code shared/selector/README.md} and checked against the
 * vectors taken from Calico's own tests, which {@link io.kcap.selector.SelectorVectors} reads.
 */
package io.kcap.selector;
