# Sourced by ./kcap and ./test: prints the home of a Java 25+ JDK, or fails.
# Order: JAVA_HOME when it is 25+, then `java` on PATH, then the newest under /usr/lib/jvm.
# Written with bash built-ins where it can: ./kcap runs this before every command, and the
# subshells and sed/ls/sort processes it used to start took 40 ms, a tenth of a short kcap run.

# Sets KCAP_MAJOR to the feature version of the JDK home $1, read from its release file.
kcap_read_java_major() {
  KCAP_MAJOR=
  local line
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      KCAP_MAJOR=${BASH_REMATCH[1]}
      return 0
    fi
  done <"$1/release"
  return 1
}

kcap_java_major() { # $1 = a JDK home; prints its feature version from the release file
  kcap_read_java_major "$1" && echo "$KCAP_MAJOR"
}

kcap_find_jdk25() {
  local home java best=
  local -i best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    kcap_read_java_major "$JAVA_HOME" && [ "$KCAP_MAJOR" -ge 25 ] && { echo "$JAVA_HOME"; return 0; }
  fi
  if java=$(command -v java); then
    home=$(readlink -f "$java")
    home=${home%/*}
    home=${home%/*}
    kcap_read_java_major "$home" && [ "$KCAP_MAJOR" -ge 25 ] && { echo "$home"; return 0; }
  fi
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    [ -x "$home/bin/javac" ] || continue
    kcap_read_java_major "$home" || continue
    # The newest; of equal versions the last in name order, as `sort -rn | head -n 1` chose.
    if [ "$KCAP_MAJOR" -ge 25 ] && [ "$KCAP_MAJOR" -ge "$best_major" ]; then
      best=$home
      best_major=$KCAP_MAJOR
    fi
  done
  [ -n "$best" ] && echo "$best"
}

kcap_require_jdk25() {
  kcap_find_jdk25 || {
    echo "kcap: needs a Java 25 JDK and found none (JAVA_HOME, PATH, /usr/lib/jvm); install one, e.g. Temurin 25 or Debian's openjdk-25-jdk, or point JAVA_HOME at it" >&2
    return 127
  }
}
