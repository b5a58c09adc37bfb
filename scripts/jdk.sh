# Sourced by ./kcap and ./test: prints the home of a Java 25+ JDK, or fails.
# Order: JAVA_HOME when it is 25+, then `java` on PATH, then the newest under /usr/lib/jvm.

kcap_java_major() { # $1 = a JDK home; prints its feature version from the release file
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null) || return 1
  [ -n "$v" ] && echo "$v"
}

kcap_find_jdk25() {
  local home major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(kcap_java_major "$JAVA_HOME") && [ "$major" -ge 25 ] && { echo "$JAVA_HOME"; return 0; }
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(kcap_java_major "$home") && [ "$major" -ge 25 ] && { echo "$home"; return 0; }
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##'); do
    [ -x "$home/bin/javac" ] || continue
    major=$(kcap_java_major "$home") || continue
    [ "$major" -ge 25 ] && echo "$major $home"
  done | sort -rn | head -n 1 | cut -d' ' -f2- | grep . && return 0
  return 1
}

kcap_require_jdk25() {
  kcap_find_jdk25 || {
    echo "kcap: needs a Java 25 JDK and found none (JAVA_HOME, PATH, /usr/lib/jvm); install one, e.g. Temurin 25 or Debian's openjdk-25-jdk, or point JAVA_HOME at it" >&2
    return 127
  }
}
