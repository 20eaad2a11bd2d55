#!/usr/bin/env bash
# Proves the API and the JUnit extension work for a project that is not dbrace: installs dbrace into
# the local Maven repository, then builds and tests examples/java-junit against it (it races its own
# repository on an embedded MariaDB) and examples/spring-boot (a @SpringBootTest on the MariaDB service).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q install -DskipTests -Ddbrace.quick
./mvnw -B -q -f examples/java-junit/pom.xml test
echo "examples/java-junit: built and tested against dev.dbrace:dbrace:0.1.0 from the local repository"
# A Spring Boot 4 service (Spring Data JPA, Hibernate 7) racing its own repository in a @SpringBootTest, on the
# MariaDB service, with dbrace's DataSource shared as Spring's bean.
./mvnw -B -q -f examples/spring-boot/pom.xml test
echo "examples/spring-boot: raced and explored its own TagService in a @SpringBootTest"
