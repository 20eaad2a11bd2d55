package Team::Schema;
# A small team's schema on DBIx::Class (Debian's libdbix-class-perl): the tags table, a unique name.
use strict;
use warnings;
use base 'DBIx::Class::Schema';

__PACKAGE__->load_namespaces();

1;
