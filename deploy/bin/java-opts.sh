# Sourced by deploy/bin/run and deploy/bin/aot-cache: the bot's default JVM options.
# A chat bot's heap holds little beyond the answers being written: a small heap with the serial
# collector (short pauses on a heap this size, no concurrent GC threads competing for the cores)
# instead of G1 with a quarter of the machine. Only the quick C1 compiler (TieredStopAtLevel=1):
# the bot's work is moving small texts between sockets, where C2's compilations cost more CPU and
# memory than its code saves (see README, Benchmark); C1 alone gets a 48 MB code cache, which this
# app's code fills, and each time it nears full a full collection runs: 128 MB (reserved, not used
# up front) leaves room. JAVA_OPTS, when set, replaces these defaults.
default_java_opts="-XX:+UseSerialGC -Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=128m"
# glibc gives each thread that mallocs its own arena (up to 8 per core, 64 MB reserved each, partly
# touched); the JVM mallocs little after start-up, and two arenas keep its native memory from
# spreading over many (see README, Benchmark). The environment's own value wins.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
