# Sourced by the bench-explore scripts: the two Django rows they explore on the MariaDB service (the seed's worker on
# dbrace's tables; the team example's owner-first function on its own table), and the team's schema made for the
# script and dropped when it exits: this file sets the script's EXIT trap. Needs $root (the project's folder).
service=(--url jdbc:mysql://127.0.0.1:3306/test --user root)
seed_worker=(--worker "/usr/bin/python3 $root/examples/django/django_worker.py")
adapter="/usr/bin/python3 $root/src/main/resources/dev/dbrace/adapters/dbrace_django.py --path $root/examples/django/team --settings myproject.settings"
team=(--table myapp_myobj --key-columns thing_id,owner_id
      --keys-command "${adapter/dbrace_django.py/dbrace_django.py keys} --make-keys myapp.dbrace_keys.make_keys")
owner_first=(--worker "$adapter --function myapp.services.create_or_update_myobj_after_loading_owner" "${team[@]}")
schema() {
    DBRACE_HOST=127.0.0.1 DBRACE_PORT=3306 DBRACE_DATABASE=test DBRACE_USER=root \
        /usr/bin/python3 "$root/examples/django/team/schema.py" "$1"
}
trap 'schema drop' EXIT
schema create
