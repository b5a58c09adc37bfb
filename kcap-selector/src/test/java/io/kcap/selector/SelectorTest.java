package io.kcap.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcap.selector.Selector.And;
import io.kcap.selector.Selector.Global;
import io.kcap.selector.Selector.Has;
import io.kcap.selector.Selector.LabelContains;
import io.kcap.selector.Selector.LabelEndsWith;
import io.kcap.selector.Selector.LabelEquals;
import io.kcap.selector.Selector.LabelIn;
import io.kcap.selector.Selector.LabelNotEquals;
import io.kcap.selector.Selector.LabelNotIn;
import io.kcap.selector.Selector.LabelStartsWith;
import io.kcap.selector.Selector.Not;
import io.kcap.selector.Selector.Or;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of shared/selector/README.md, one nested class per rule. */
class SelectorTest {
  private static final String LONGEST_LABEL = "k".repeat(512);
  private static final String TOO_LONG_LABEL = "k".repeat(513);

  private static boolean matches(String selector, Map<String, String> labels) {
    return Selector.parse(selector).matches(labels);
  }

  private static SelectorSyntaxException syntaxError(String selector) {
    try {
      Selector parsed = Selector.parse(selector);
      throw new AssertionError(selector + " parsed as " + parsed + " but should be rejected");
    } catch (SelectorSyntaxException e) {
      return e;
    }
  }

  @Nested
  class Rule1EmptyMeansAll {
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", " \t  \t"})
    void blankTextIsAll(String text) {
      assertThat(Selector.parse(text)).isEqualTo(Selector.all());
      assertThat(Selector.parse(text).toString()).isEqualTo("all()");
      assertThat(Selector.parse(text).matches(Map.of())).isTrue();
      assertThat(Selector.parse(text).matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void allAndItsTextAreTheSameSelector() {
      assertThat(Selector.parse("all()")).isEqualTo(Selector.all());
      assertThat(Selector.parse(" all( \t) ")).isEqualTo(Selector.all());
    }
  }

  @Nested
  class Rule2MissingLabels {
    @ParameterizedTest(name = "{0} on no labels is {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a == 'x'          ; false",
          "a == ''           ; false",
          "a in {'x'}        ; false",
          "a in {''}         ; false",
          "a contains ''     ; false",
          "a starts with ''  ; false",
          "a ends with ''    ; false",
          "has(a)            ; false",
          "a != 'x'          ; true",
          "a != ''           ; true",
          "a not in {'x'}    ; true",
          "a not in {}       ; true",
          "!has(a)           ; true",
          "!a == 'x'         ; true",
        })
    void onlyNegativeOperatorsMatchAMissingLabel(String selector, boolean expected) {
      assertThat(matches(selector, Map.of("other", "x"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "y"})
    void notEqualsIsTheNegationOfEquals(String value) {
      for (Map<String, String> labels : List.of(Map.<String, String>of(), Map.of("a", value))) {
        assertThat(matches("a != 'x'", labels)).isEqualTo(!matches("a == 'x'", labels));
        assertThat(matches("a not in {'x', 'y'}", labels))
            .isEqualTo(!matches("a in {'x', 'y'}", labels));
      }
    }
  }

  @Nested
  class Rule3Precedence {
    @Test
    void andBindsTighterThanOr() {
      Selector s = Selector.parse("a == '1' || b == '1' && c == '1'");
      assertThat(s)
          .isEqualTo(
              new Or(
                  List.of(
                      new LabelEquals("a", "1"),
                      new And(List.of(new LabelEquals("b", "1"), new LabelEquals("c", "1"))))));
      assertThat(s.matches(Map.of("a", "1"))).isTrue();
      assertThat(s.matches(Map.of("b", "1"))).isFalse();
      assertThat(s.matches(Map.of("b", "1", "c", "1"))).isTrue();
    }

    @Test
    void notAppliesToOneMatchOnly() {
      assertThat(Selector.parse("!a == '1' && b == '1'"))
          .isEqualTo(
              new And(List.of(new Not(new LabelEquals("a", "1")), new LabelEquals("b", "1"))));
      assertThat(Selector.parse("!a in {'1'} || has(b)"))
          .isEqualTo(new Or(List.of(new Not(new LabelIn("a", List.of("1"))), new Has("b"))));
    }

    @Test
    void notAppliesToAParenthesisedGroup() {
      Selector s = Selector.parse("!(a == '1' && b == '1')");
      assertThat(s)
          .isEqualTo(
              new Not(new And(List.of(new LabelEquals("a", "1"), new LabelEquals("b", "1")))));
      assertThat(s.matches(Map.of("a", "1"))).isTrue();
      assertThat(s.matches(Map.of("a", "1", "b", "1"))).isFalse();
    }

    @ParameterizedTest(name = "{0} is has(a)")
    @ValueSource(strings = {"!!has(a)", "! ! has(a)", "!!!!has(a)", "!(!has(a))", "!!(!(!has(a)))"})
    void anEvenRunOfNotCancels(String text) {
      assertThat(Selector.parse(text)).isEqualTo(new Has("a"));
      assertThat(Selector.parse(text).toString()).isEqualTo("has(a)");
    }

    @ParameterizedTest(name = "{0} is !has(a)")
    @ValueSource(strings = {"!has(a)", "! \t!!has(a)", "!(!(!has(a)))", "!((has(a)))"})
    void anOddRunOfNotNegatesOnce(String text) {
      assertThat(Selector.parse(text)).isEqualTo(new Not(new Has("a")));
      assertThat(Selector.parse(text).toString()).isEqualTo("!has(a)");
    }

    @Test
    void notOfAllAndGlobalMatchesNothing() {
      assertThat(matches("!all()", Map.of())).isFalse();
      assertThat(matches("!global()", Map.of("a", "b"))).isFalse();
    }

    @Test
    void nestingIsBoundedSoThatUserInputCannotOverflowTheStack() {
      int limit = Parser.MAX_NESTING;
      assertThat(Selector.parse("(".repeat(limit) + "has(a)" + ")".repeat(limit)))
          .isEqualTo(new Has("a"));
      SelectorSyntaxException e =
          syntaxError("!(".repeat(limit + 1) + "has(a)" + ")".repeat(limit + 1));
      assertThat(e.offset()).isEqualTo(2 * limit + 1);
      assertThat(e.expected()).isEqualTo("at most 256 nested parentheses");
      assertThat(syntaxError("(".repeat(1_000_000)).offset()).isEqualTo(limit);
    }

    @Test
    void aLongRunOfNotIsFoldedWithoutRecursion() {
      assertThat(Selector.parse("!".repeat(1_000_001) + "has(a)")).isEqualTo(new Not(new Has("a")));
    }

    @Test
    void aChainOfTheSameOperatorIsOneGroupButUserGroupingIsKept() {
      assertThat(Selector.parse("has(a) && has(b) && has(c)"))
          .isEqualTo(new And(List.of(new Has("a"), new Has("b"), new Has("c"))));
      assertThat(Selector.parse("(has(a) && has(b)) && has(c)"))
          .isEqualTo(new And(List.of(new And(List.of(new Has("a"), new Has("b"))), new Has("c"))));
    }
  }

  @Nested
  class Rule4Strings {
    @Test
    void singleAndDoubleQuotesMeanTheSame() {
      assertThat(Selector.parse("a == 'x'")).isEqualTo(Selector.parse("a == \"x\""));
    }

    @Test
    void theEmptyStringIsAValue() {
      assertThat(matches("a == ''", Map.of("a", ""))).isTrue();
      assertThat(matches("a == \"\"", Map.of("a", "x"))).isFalse();
    }

    @Test
    void eachQuoteKindMayHoldTheOther() {
      assertThat(matches("a == \"it's\"", Map.of("a", "it's"))).isTrue();
      assertThat(matches("a == 'say \"hi\"'", Map.of("a", "say \"hi\""))).isTrue();
    }

    @Test
    void aBackslashIsAnOrdinaryCharacter() {
      assertThat(Selector.parse("a == \"x\\\"")).isEqualTo(new LabelEquals("a", "x\\"));
      assertThat(syntaxError("a == \"x\\\"y\"").offset()).isEqualTo(9);
    }

    @Test
    void aValueCannotHoldBothQuoteKinds() {
      assertThatThrownBy(() -> new LabelEquals("a", "it's \"x\""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a == 'x", "a == \"x", "a == \"x'", "a in {'x", "a in {'x', \"y"})
    void anUnterminatedStringIsRejectedAtTheEnd(String text) {
      SelectorSyntaxException e = syntaxError(text);
      assertThat(e.offset()).isEqualTo(text.length());
      assertThat(e.expected()).startsWith("a closing ");
      assertThat(e.found()).isEqualTo("the end");
    }
  }

  @Nested
  class Rule5Whitespace {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "a=='x'&&b!='y'",
          "\ta\t==\t'x'\t&&\tb\t!=\t'y'\t",
          "  a  ==  'x'  &&  b  !=  'y'  ",
          "(a=='x')&&(b!='y')"
        })
    void spacesAndTabsAreOptionalSeparators(String text) {
      assertThat(Selector.parse(text)).isEqualTo(Selector.parse("a == 'x' && b != 'y'"));
    }

    static Stream<Arguments> lineBreaks() {
      return Stream.of(
          Arguments.of("a == 'x'\n", 8),
          Arguments.of("a ==\n'x'", 4),
          Arguments.of("a == 'x\ny'", 7),
          Arguments.of("\n", 0),
          Arguments.of("a == 'x'\r\n", 8),
          Arguments.of("has(\na)", 4),
          Arguments.of("a starts\nwith 'x'", 8),
          Arguments.of("a in {'x',\n'y'}", 10),
          Arguments.of("a == 'x' &&\nb == 'y'", 11),
          Arguments.of("a ==\r'x'", 4));
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @MethodSource("lineBreaks")
    void aLineBreakAnywhereIsAnError(String text, int offset) {
      SelectorSyntaxException e = syntaxError(text);
      assertThat(e.offset()).isEqualTo(offset);
      assertThat(e.found()).isIn("a line break", "a carriage return");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a ==\f'x'", "a\u00a0== 'x'", "a ==\u2003'x'", "\u000ba == 'x'"})
    void otherWhitespaceIsAnError(String text) {
      assertThat(syntaxError(text).found()).startsWith("U+");
    }
  }

  @Nested
  class Rule6LabelKeys {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "a",
          "A_Z",
          "0",
          "-",
          "/",
          ".",
          "calico/k8s_ns/role",
          "a.b/c-d_e",
          "projectcalico.org/name"
        })
    void labelKeysUseLettersDigitsAndUnderscoreDotSlashDash(String key) {
      assertThat(Selector.parse(key + " == 'v'")).isEqualTo(new LabelEquals(key, "v"));
      assertThat(Selector.parse("has(" + key + ")")).isEqualTo(new Has(key));
      assertThat(matches(key + " == 'v'", Map.of(key, "v"))).isTrue();
    }

    @Test
    void aLabelKeyOf512CharactersIsAllowed() {
      assertThat(Selector.parse(LONGEST_LABEL + " == 'v'"))
          .isEqualTo(new LabelEquals(LONGEST_LABEL, "v"));
      assertThat(Selector.parse("has( " + LONGEST_LABEL + " )")).isEqualTo(new Has(LONGEST_LABEL));
    }

    @Test
    void aLabelKeyOf513CharactersIsRejectedWhereItStarts() {
      SelectorSyntaxException e = syntaxError("a == 'b' || " + TOO_LONG_LABEL + " == 'v'");
      assertThat(e.offset()).isEqualTo(12);
      assertThat(e.getMessage())
          .isEqualTo(
              "expected a label key of at most 512 characters at offset 12,"
                  + " found one of 513 characters");
      assertThat(syntaxError("has(" + TOO_LONG_LABEL + ")").offset()).isEqualTo(4);
      assertThatThrownBy(() -> new Has(TOO_LONG_LABEL))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("513")
          .hasMessageContaining("512");
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a:b == 'x'                 ; 1",
          "kubernetes.io/hostname: == 'n' ; 22",
          "é == 'x'                   ; 0",
          "aé == 'x'                  ; 1",
          "has(a:b)                   ; 5",
          "has(é)                     ; 4",
        })
    void colonsAndNonAsciiAreNotLabelCharacters(String text, int offset) {
      assertThat(syntaxError(text).offset()).isEqualTo(offset);
    }

    @Test
    void recordsRefuseInvalidLabelKeys() {
      assertThatThrownBy(() -> new Has("a:b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "label key \"a:b\" has ':' at index 1; a label key is made of A-Z a-z 0-9 _ . / -");
      assertThatThrownBy(() -> new LabelIn("", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
    }
  }

  @Nested
  class Rule7Operators {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a starts with 'x'   ; a starts with \"x\"",
          "a startswith 'x'    ; a starts with \"x\"",
          "a starts \t  with'x' ; a starts with \"x\"",
          "a ends with 'x'     ; a ends with \"x\"",
          "a endswith 'x'      ; a ends with \"x\"",
          "a not in {'x'}      ; a not in {\"x\"}",
          "a notin {'x'}       ; a not in {\"x\"}",
          "a not\t in{'x'}     ; a not in {\"x\"}",
          "a in{'x'}           ; a in {\"x\"}",
          "a contains'x'       ; a contains \"x\"",
          "a!='x'              ; a != \"x\"",
          "a=='x'              ; a == \"x\"",
        })
    void everySpellingOfAnOperatorIsAccepted(String text, String canonical) {
      assertThat(Selector.parse(text).toString()).isEqualTo(canonical);
    }

    @Test
    void eachOperatorEvaluatesAsNamed() {
      Map<String, String> labels = Map.of("a", "hello");
      assertThat(Selector.parse("a contains 'ell'")).isEqualTo(new LabelContains("a", "ell"));
      assertThat(matches("a contains 'ell'", labels)).isTrue();
      assertThat(matches("a contains 'xell'", labels)).isFalse();
      assertThat(Selector.parse("a starts with 'he'")).isEqualTo(new LabelStartsWith("a", "he"));
      assertThat(matches("a starts with 'he'", labels)).isTrue();
      assertThat(matches("a starts with 'lo'", labels)).isFalse();
      assertThat(Selector.parse("a ends with 'lo'")).isEqualTo(new LabelEndsWith("a", "lo"));
      assertThat(matches("a ends with 'lo'", labels)).isTrue();
      assertThat(matches("a ends with 'he'", labels)).isFalse();
      assertThat(Selector.parse("a != 'x'")).isEqualTo(new LabelNotEquals("a", "x"));
      assertThat(matches("a != 'hello'", labels)).isFalse();
      assertThat(Selector.parse("a not in {'x'}")).isEqualTo(new LabelNotIn("a", List.of("x")));
      assertThat(matches("a not in {'x', 'hello'}", labels)).isFalse();
      assertThat(matches("a in {'x', 'hello'}", labels)).isTrue();
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a = 'x'               ; 2",
          "a == 'x' & b == 'y'   ; 9",
          "a == 'x' | b == 'y'   ; 9",
          "a == 'x' &            ; 9",
          "thing=hello &         ; 5",
          "a starts 'x'          ; 9",
          "a ends withs 'x'      ; 11",
          "a not 'x'             ; 6",
          "a squiggles 'x'       ; 2",
          "a == 'x' =            ; 9",
        })
    void singleEqualsAmpersandAndBarAreErrors(String text, int offset) {
      assertThat(syntaxError(text).offset()).isEqualTo(offset);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "contains == 'x'                ; contains",
          "in == 'x'                      ; in",
          "not != 'x'                     ; not",
          "starts == 'x'                  ; starts",
          "with == 'x'                    ; with",
          "ends == 'x'                    ; ends",
          "startswith == 'x'              ; startswith",
          "notin == 'x'                   ; notin",
          "has == 'x'                     ; has",
          "all == 'x'                     ; all",
          "global == 'x'                  ; global",
          "in in {'in'}                   ; in",
          "contains contains 'contains'   ; contains",
          "not not in {'not'}             ; not",
          "has(in)                        ; in",
          "has(contains)                  ; contains",
          "has(all)                       ; all",
        })
    void wordOperatorsAreLabelNamesWhenNotRightAfterALabel(String text, String label) {
      Selector parsed = Selector.parse(text);
      assertThat(parsed.toString()).startsWith(parsed instanceof Has ? "has(" + label : label);
      assertThat(Selector.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Test
    void aWordOperatorGluedToALabelIsPartOfTheLabel() {
      assertThat(Selector.parse("ain == 'x'")).isEqualTo(new LabelEquals("ain", "x"));
      assertThat(syntaxError("acontains 'x'").offset()).isEqualTo(10);
    }
  }

  @Nested
  class Rule8NoSpaceBeforeParenthesis {
    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {"has (a) ; 4", "all () ; 4", "global () ; 7", "has\t(a) ; 4"})
    void aSpaceBeforeTheParenthesisMakesALabel(String text, int offset) {
      SelectorSyntaxException e = syntaxError(text);
      assertThat(e.offset()).isEqualTo(offset);
      assertThat(e.expected()).startsWith("an operator");
    }

    @Test
    void spacesInsideTheParenthesesAreFine() {
      assertThat(Selector.parse("has( \ta \t)")).isEqualTo(new Has("a"));
      assertThat(Selector.parse("all(  )")).isEqualTo(Selector.all());
      assertThat(Selector.parse("global(\t)")).isEqualTo(new Global());
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "has()      ; 4",
          "has( )     ; 5",
          "has(a      ; 5",
          "has( a     ; 6",
          "has(a b)   ; 6",
          "all(       ; 4",
          "all(a)     ; 4",
          "global(    ; 7",
        })
    void theParenthesesMustHoldWhatTheFunctionTakes(String text, int offset) {
      assertThat(syntaxError(text).offset()).isEqualTo(offset);
    }
  }

  @Nested
  class Rule9LabelOnTheLeftLiteralOnTheRight {
    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a == b              ; 5",
          "'b' == a            ; 0",
          "\"b\" == a          ; 0",
          "a == 'b' c          ; 9",
          "a == 'b')           ; 8",
          "has(a) has(b)       ; 7",
          "a in 'x'            ; 5",
          "a == {'x'}          ; 5",
          "a contains {'x'}    ; 11",
          "a                   ; 1",
          "a ==                ; 4",
          "a in {'x' 'y'}      ; 10",
          "a in {,}            ; 6",
          "a in {'x',,}        ; 10",
          "a in {'x'           ; 9",
          "a in {'x', b}       ; 11",
        })
    void operandsOnTheWrongSideOrTrailingTokensAreErrors(String text, int offset) {
      assertThat(syntaxError(text).offset()).isEqualTo(offset);
    }

    @Test
    void aSetMayEndWithACommaAsInCalico() {
      assertThat(Selector.parse("a in {'x', }")).isEqualTo(new LabelIn("a", List.of("x")));
    }
  }

  @Nested
  class Rule10EmptySetsAndEmptyStrings {
    @ParameterizedTest
    @ValueSource(strings = {"", "x"})
    void inAnEmptySetNeverMatchesAndNotInAlwaysDoes(String value) {
      for (Map<String, String> labels : List.of(Map.<String, String>of(), Map.of("a", value))) {
        assertThat(matches("a in {}", labels)).isFalse();
        assertThat(matches("a in { \t}", labels)).isFalse();
        assertThat(matches("a not in {}", labels)).isTrue();
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "a long value"})
    void containsStartsWithAndEndsWithTheEmptyStringMatchAnyPresentValue(String value) {
      for (String op : List.of("contains", "starts with", "ends with")) {
        assertThat(matches("a " + op + " ''", Map.of("a", value))).isTrue();
        assertThat(matches("a " + op + " ''", Map.of("b", value))).isFalse();
      }
    }
  }

  @Nested
  class Rule11Global {
    @Test
    void globalMatchesLikeAllButKeepsItsName() {
      Selector global = Selector.parse("global()");
      assertThat(global).isEqualTo(new Global()).isNotEqualTo(Selector.all());
      assertThat(global.matches(Map.of())).isTrue();
      assertThat(global.matches(Map.of("a", "b"))).isTrue();
      assertThat(global.toString()).isEqualTo("global()");
      assertThat(matches("global() && a == 'b'", Map.of("a", "b"))).isTrue();
    }
  }

  @Nested
  class Rule12CanonicalForm {
    @ParameterizedTest(name = "{0} prints {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a == 'b'                            ; a == \"b\"",
          "a=='b'&&c=='d'                      ; (a == \"b\" && c == \"d\")",
          "a == 'b' || c == 'd'                ; (a == \"b\" || c == \"d\")",
          "((a == 'b'))                        ; a == \"b\"",
          "! ! a == 'b'                        ; a == \"b\"",
          "!  a == 'b'                         ; !a == \"b\"",
          "!(a == 'b' || !has( c ))            ; !(a == \"b\" || !has(c))",
          "a == '1' && (b == '2' || c == '3')  ; (a == \"1\" && (b == \"2\" || c == \"3\"))",
          "(a == '1' || b == '2') || c == '3'  ; ((a == \"1\" || b == \"2\") || c == \"3\")",
          "a in {'b', \"a\", 'b'}              ; a in {\"a\", \"b\"}",
          "a in {}                             ; a in {}",
          "a not in {   }                      ; a not in {}",
          "a in {'x',}                         ; a in {\"x\"}",
          "a in {'\"', \"'\"}                  ; a in {'\"', \"'\"}",
          "a == \"it's\"                       ; a == \"it's\"",
          "a == 'say \"hi\"'                   ; a == 'say \"hi\"'",
          "a == ''                             ; a == \"\"",
          "a in {'é', 'a', 'Z', 'z'}           ; a in {\"Z\", \"a\", \"z\", \"é\"}",
          "all( )                              ; all()",
          "global( )                           ; global()",
          "! all()                             ; !all()",
          "has(a) && all()                     ; (has(a) && all())",
          "`a == ' padded '`                   ; `a == \" padded \"`",
        })
    void printsCalicosCanonicalForm(String text, String canonical) {
      Selector parsed = Selector.parse(text);
      assertThat(parsed.toString()).isEqualTo(canonical);
      assertThat(Selector.parse(canonical)).isEqualTo(parsed);
      assertThat(Selector.parse(canonical).toString()).isEqualTo(canonical);
    }

    @Test
    void setsAreSortedByUtf8BytesNotByUtf16Units() {
      // U+FF21 is EF BC A1 in UTF-8 and sorts before U+1F600 (F0 9F 98 80), although as UTF-16
      // the surrogate D83D comes before FF21.
      String fullwidthA = "\uFF21";
      String grinning = "\uD83D\uDE00";
      assertThat(grinning.compareTo(fullwidthA)).isNegative();
      Selector s = Selector.parse("a in {'" + grinning + "', '" + fullwidthA + "'}");
      assertThat(s.toString()).isEqualTo("a in {\"" + fullwidthA + "\", \"" + grinning + "\"}");
      assertThat(s.matches(Map.of("a", grinning))).isTrue();
      assertThat(s.matches(Map.of("a", fullwidthA))).isTrue();
      assertThat(s.matches(Map.of("a", "\uFF22"))).isFalse();
    }

    @Test
    void recordsDeduplicateAndSortSetsSoEqualSetsAreEqual() {
      LabelIn in = new LabelIn("a", List.of("b", "a", "b", "c"));
      assertThat(in.values()).containsExactly("a", "b", "c");
      assertThat(in).isEqualTo(new LabelIn("a", List.of("c", "b", "a")));
      assertThat(new LabelNotIn("a", List.of("y", "x", "x")).values()).containsExactly("x", "y");
    }

    @Test
    void recordsRefuseTreesThatCouldNotRoundTrip() {
      assertThatThrownBy(() -> new Not(new Not(new Has("a"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Not");
      assertThatThrownBy(() -> new And(List.of(new Has("a"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 2");
      assertThatThrownBy(() -> new Or(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 2");
      assertThatThrownBy(() -> new LabelEquals("a", "x\ny"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line break");
    }
  }

  @Nested
  class Rule13ExactCaseSensitiveMatching {
    @Test
    void valuesAndKeysAreCaseSensitive() {
      assertThat(matches("a == 'B'", Map.of("a", "b"))).isFalse();
      assertThat(matches("A == 'b'", Map.of("a", "b"))).isFalse();
      assertThat(matches("has(A)", Map.of("a", "b"))).isFalse();
      assertThat(matches("a in {'B'}", Map.of("a", "b"))).isFalse();
      assertThat(matches("a contains 'B'", Map.of("a", "abc"))).isFalse();
    }

    @Test
    void substringOperatorsAreNotPatterns() {
      assertThat(matches("a contains '.'", Map.of("a", "x"))).isFalse();
      assertThat(matches("a contains '.*'", Map.of("a", "x.*y"))).isTrue();
      assertThat(matches("a starts with '*'", Map.of("a", "abc"))).isFalse();
      assertThat(matches("a ends with '$'", Map.of("a", "abc"))).isFalse();
      assertThat(matches("a == ' x'", Map.of("a", "x"))).isFalse();
    }
  }

  @Nested
  class Rule14ErrorsSayWhereAndWhat {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
        delimiter = ';',
        quoteCharacter = '`',
        value = {
          "a == b          ; expected a quoted string at offset 5, found 'b'",
          "a b             ; expected an operator (==, !=, in, not in, contains, starts with,"
              + " ends with) after label 'a' at offset 2, found 'b'",
          "!               ; expected a label, '!', '(', has(…), all() or global() at offset 1,"
              + " found the end",
          "(a == 'b'       ; expected '&&', '||' or ')' at offset 9, found the end",
          ")               ; expected a label, '!', '(', has(…), all() or global() at offset 0,"
              + " found ')'",
          "a == 'b' && %   ; expected a label, '!', '(', has(…), all() or global() at offset 12,"
              + " found '%'",
          "a == 'b' c      ; expected '&&', '||' or the end of the selector at offset 9,"
              + " found 'c'",
          "a in 'x'        ; expected '{' and a set of quoted strings at offset 5, found \"'\"",
          "a in {'x' 'y'}  ; expected ',' or '}' at offset 10, found \"'\"",
          "a == 'b         ; expected a closing ' at offset 7, found the end",
          "has()           ; expected a label key at offset 4, found ')'",
          "a starts 'x'    ; expected 'with' after 'starts' at offset 9, found \"'\"",
        })
    void theMessageNamesTheOffsetWhatWasExpectedAndWhatWasFound(String text, String message) {
      assertThat(syntaxError(text).getMessage()).isEqualTo(message);
    }

    @Test
    void theExceptionCarriesItsParts() {
      SelectorSyntaxException e = syntaxError("a == b");
      assertThat(e.input()).isEqualTo("a == b");
      assertThat(e.offset()).isEqualTo(5);
      assertThat(e.expected()).isEqualTo("a quoted string");
      assertThat(e.found()).isEqualTo("'b'");
      assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
