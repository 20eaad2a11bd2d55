#!/usr/bin/env bash
# The atlas of ORM get-or-create: for each row of scripts/atlas/rows.tsv (an ORM's API, in a small team project,
# started by name), on the embedded MariaDB 11.4 and PostgreSQL 17 at READ COMMITTED and REPEATABLE READ:
# explain --all with 2 sessions (the outcome combinations, and the shortest witness of each), and a free race
# (its anomaly rate). Writes every exploration and race to results/atlas-DATE/, then renders docs/atlas.md and
# docs/atlas/ROW.md (the witnesses, in the ORM's own SQL) from them with scripts/atlas/render.py.
#   scripts/atlas.sh                                   # every row, 4 threads x 50 rounds a race (about 15 minutes)
#   scripts/atlas.sh --rows ID,ID --rounds N --out DIR --docs DIR
# Needs Debian's python3-django, python3-sqlalchemy, python3-mysqldb, python3-psycopg2, ruby-activerecord,
# ruby-mysql2 and ruby-pg, php-illuminate-database with php-mysql and php-pgsql, libdbix-class-perl with DBD::mysql and
# DBD::Pg, and examples/node/team's npm packages (.ci/run installs them); the Spring rows build examples/spring-boot
# with Maven (scripts/atlas/spring-classpath.sh). Run from anywhere; the team projects are under examples/.
# DBRACE names another launcher (the tests run it with the test's class path).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows="" rounds=50 threads=4 out="" docs="$root/docs"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --docs) docs="$2"; shift 2 ;;
        *) echo "atlas.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
out="${out:-$root/results/atlas-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$root"
dbrace=${DBRACE:-$root/scripts/dbrace}
$dbrace --version >"$out/dbrace-version.txt"
{
    /usr/bin/python3 -c 'import django; print("django\tDjango " + django.get_version())'
    /usr/bin/python3 -c 'import sqlalchemy; print("sqlalchemy\tSQLAlchemy " + sqlalchemy.__version__)'
    /usr/bin/ruby -e 'require "active_record"; puts "rails\tActive Record #{ActiveRecord.version}"'
    /usr/bin/python3 -c 'import MySQLdb, psycopg2; print("python-drivers\tmysqlclient " + ".".join(map(str, MySQLdb.version_info[:3])) + ", psycopg2 " + psycopg2.__version__.split()[0])'
    /usr/bin/ruby -e 'require "mysql2"; require "pg"; puts "ruby-drivers\tmysql2 #{Mysql2::VERSION}, pg #{PG::VERSION}"'
    (cd examples/node/team && node -e 'const v = (m) => JSON.parse(require("fs").readFileSync("node_modules/" + m + "/package.json")).version;
        console.log("node\tSequelize " + v("sequelize") + ", TypeORM " + v("typeorm") + " (Node.js " + process.versions.node + ")");
        console.log("node-drivers\tmysql2 " + v("mysql2") + ", pg " + v("pg"))')
    echo -e "laravel\tIlluminate Database $(dpkg-query -W -f='${Version}' php-illuminate-database) (PHP $(/usr/bin/php -r 'echo PHP_VERSION;'))"
    /usr/bin/perl -MDBIx::Class -MDBD::mysql -MDBD::Pg -e 'print "dbix\tDBIx::Class $DBIx::Class::VERSION (DBD::mysql $DBD::mysql::VERSION, DBD::Pg $DBD::Pg::VERSION)\n"'
} >"$out/versions.tsv"
# the Spring rows race examples/spring-boot's classes by name, on its class path (built once, and only for them)
spring_classpath=""
if [[ -z "$rows" || ",$rows," == *,spring-* ]]; then
    spring_classpath="$(scripts/atlas/spring-classpath.sh)"
    jar_version() { tr ':' '\n' <<<"$spring_classpath" | sed -n "s|.*/$1-\([0-9][^/]*\)\.jar$|\1|p" | head -1; }
    echo -e "spring\tSpring Boot $(jar_version spring-boot), Spring Data JPA $(jar_version spring-data-jpa), Hibernate ORM $(jar_version hibernate-core) (on dbrace's DataSource: MySQL Connector/J, PostgreSQL JDBC)" >>"$out/versions.tsv"
fi
while IFS=$'\t' read -r id title stack args; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    if [[ -n "$rows" && ",$rows," != *",$id,"* ]]; then continue; fi
    printf '%s\t%s\t%s\n' "$id" "$title" "$stack" >>"$out/rows.tsv"
    read -r -a code <<<"${args//@spring-classpath@/$spring_classpath}"
    for server in embedded-mariadb embedded-postgres; do
        family=mysql; [[ $server == embedded-postgres ]] && family=postgresql
        on=(--db "$server" --schema "scripts/atlas/tags-$family.sql" --table tags --key-columns name)
        for level in read-committed repeatable-read; do
            echo "atlas: $id on $server at $level" >&2
            $dbrace explain --all "${on[@]}" -i "$level" "${code[@]}" --format json --out "$out/$id.$server.$level.explain" \
                >"$out/$id.$server.$level.explain.json" 2>"$out/$id.$server.$level.explain.err" || true
        done
        # Java code tells created from found on the wire only through the gate (an adapter started by name always is)
        gate=(); [[ " ${code[*]} " == *" --strategy-jar "* ]] && gate=(--gate)
        $dbrace run -q "${on[@]}" -i read-committed,repeatable-read "${code[@]}" "${gate[@]}" -t "$threads" -r "$rounds" \
            --out "$out/$id.$server.run" >"$out/$id.$server.run.txt" 2>&1 || true
        # the atlas reads summary.json; the race's other files are made again from it by `dbrace report`
        rm -f "$out/$id.$server.run/report.html" "$out/$id.$server.run/summary.csv" "$out/$id.$server.run/latency.hlog"
    done
done <scripts/atlas/rows.tsv
/usr/bin/python3 scripts/atlas/render.py "$out" "$docs"
echo "atlas: $docs/atlas.md from $out" >&2
