#!/usr/bin/env bash
# Builds examples/spring-boot (a Spring Boot 4 service: Spring Data JPA on Hibernate 7) against the dbrace installed in
# the local Maven repository, and prints its class path for --strategy-jar: the service's jar, then its runtime
# dependencies. Its com.example.tags.race classes race the service's TagService by name:
#   scripts/dbrace explain --all --strategy-jar "$(scripts/atlas/spring-classpath.sh)" \
#       -s com.example.tags.race.FindOrElseSave --table tags --key-columns name ...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# the example compiles against this tree's API (DBRACE_INSTALLED=1: the caller has just installed it)
if [ -z "${DBRACE_INSTALLED:-}" ]; then
    ./mvnw -B -q install -DskipTests -Ddbrace.quick >&2
fi
./mvnw -B -q -f examples/spring-boot/pom.xml package -DskipTests >&2
./mvnw -B -q -f examples/spring-boot/pom.xml dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/runtime.classpath >&2
echo "$root/examples/spring-boot/target/tag-service-1.0.jar:$(cat examples/spring-boot/target/runtime.classpath)"
