package Team::Tags;
# The team's get-or-create on DBIx::Class. dbrace races it by name:
#
#   dbrace explain --all --dbix Team::Tags::find_or_create --schema-class Team::Schema --project examples/dbix/team \
#       --table tags --key-columns name -i repeatable-read
use strict;
use warnings;

# DBIx::Class's find_or_create on the unique constraint, as its documentation shows it.
sub find_or_create {
    my ($schema, %key) = @_;
    return $schema->resultset('Tag')->find_or_create({ name => $key{name} }, { key => 'tags_name' });
}

1;
