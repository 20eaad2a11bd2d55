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
# The same service's classes started by name from the command line, as the atlas races them: --strategy-jar with the
# service's class path (its own Spring 7, Hibernate 7 and Logback before dbrace's libraries), created and found read
# off the wire, on the MariaDB service (--schema makes the table; it is the team's, so this script drops it, even on failure).
drop_tags() {
    /usr/bin/python3 -c 'import MySQLdb; MySQLdb.connect(host="127.0.0.1", user="root", db="test").cursor().execute("DROP TABLE IF EXISTS tags")'
}
trap drop_tags EXIT
classpath="$(DBRACE_INSTALLED=1 scripts/atlas/spring-classpath.sh)"
on=(--url jdbc:mysql://127.0.0.1:3306/test --user root --schema scripts/atlas/tags-mysql.sql --table tags --key-columns name
    --strategy-jar "$classpath")
scripts/dbrace explain --all "${on[@]}" -i repeatable-read -s com.example.tags.race.CatchAndRefind --format json --out target/spring-explain \
    >target/spring-explain.json 2>target/spring-explain.err || { tail -20 target/spring-explain.err; exit 1; }
scripts/dbrace run -q "${on[@]}" -i read-committed -s com.example.tags.race.FindOrElseSave,com.example.tags.race.CatchAndRefind \
    --gate -t 4 -r 20 --out target/spring-run >target/spring-run.txt 2>&1 || { tail -20 target/spring-run.txt; exit 1; }
/usr/bin/python3 - target/spring-explain.json target/spring-run/summary.json <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
pairs = sorted(tuple(p["outcomes"]) for p in e["pairs"])
assert e["complete"] and pairs == [("created", "found"), ("found", "created")], ("catch-and-refind explored", e["complete"], pairs)
rows = {r["strategy"]: r for r in json.load(open(sys.argv[2]))["strategies"]}
for name, failed in (("spring-find-or-else-save", "integrity_error"), ("spring-catch-and-refind", None)):
    r = rows[name]
    assert r["verification"]["passed"] and r["outcomes"]["created"] == 20, (name, r["outcomes"], r["verification"])
    assert (r["outcomes"].get(failed, 0) > 0) if failed else r["outcomes"]["found"] == 60, (name, r["outcomes"])
PY
echo "examples/spring-boot: its classes raced and explored by name (--strategy-jar), created and found from the wire"
