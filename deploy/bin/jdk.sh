# Sourced by the scripts beside it: points JAVA_HOME at a JDK 21 or newer.
# Honours JAVA_HOME when it is new enough, else takes the newest JDK installed.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best="" best_major=0
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir")
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ] 2>/dev/null; then
      best="$dir" best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    dir=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    best="$dir" best_major=$(java_major "$dir")
  fi
  if [ -z "$best" ] || [ "$best_major" -lt 21 ]; then
    echo "This bot needs a JDK 21 or newer; none was found. Install one (e.g. Temurin 25) or set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}

pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
