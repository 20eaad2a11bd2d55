package Team::Schema::Result::Tag;
use strict;
use warnings;
use base 'DBIx::Class::Core';

__PACKAGE__->table('tags');
__PACKAGE__->add_columns(
    id   => { data_type => 'bigint', is_auto_increment => 1 },
    name => { data_type => 'varchar', size => 100 },
);
__PACKAGE__->set_primary_key('id');
__PACKAGE__->add_unique_constraint(tags_name => ['name']);

1;
