#!/usr/bin/env perl
# Races or explores your own DBIx::Class code on your own table, with no protocol code of yours.
#
#   dbrace run --dbix Team::Tags::find_or_create --schema-class Team::Schema --project examples/dbix/team \
#              --table tags --key-columns name
#
# dbrace starts this file itself (it travels inside dbrace's jar) with your Perl, in --project (default: the current
# folder), whose lib/ is put on @INC. It connects your schema class to the server dbrace names (through its statement
# gate) with DBI's own driver for it (DBD::mysql, DBD::Pg), RaiseError and AutoCommit on as DBIx::Class wants them,
# sets the level only where dbrace is asked for one, and calls the sub you name once a call, with the schema and one
# pair per key column:
#
#   Team::Tags::find_or_create($schema, name => ...)
#
# It need say nothing of what it did: through dbrace's statement gate the call created the row when an INSERT of it
# committed, and found it when it returned without one. An exception it lets out is the caller's: a unique-key
# violation (SQLSTATE 23000, 23505) is integrity_error, any other an error with the driver's code.
use strict;
use warnings;
use Cwd qw(abs_path);
use JSON::PP;

my ($call, $schema_class, $project) = (undef, undef, '.');
while (@ARGV) {
    my $a = shift @ARGV;
    if ($a eq '--call') { $call = shift @ARGV }
    elsif ($a eq '--schema-class') { $schema_class = shift @ARGV }
    elsif ($a eq '--project') { $project = shift @ARGV }
    else { print STDERR "dbrace_dbix: unknown argument $a\n"; exit 2 }
}
die "dbrace_dbix: name the call as Package::sub and give --schema-class\n" unless $call && $schema_class && $call =~ /::/;
chdir $project or die "dbrace_dbix: cannot enter $project: $!\n";
unshift @INC, abs_path('lib');

$| = 1;
my $json = JSON::PP->new->canonical;
sub send_line { print $json->encode($_[0]), "\n" }

my $hello = $json->decode(scalar <STDIN>);
my $t = $hello->{target};
my $pg = $t->{family} eq 'postgresql';
my $dsn = $pg ? "dbi:Pg:dbname=$t->{database};host=$t->{host};port=$t->{port}"
              : "dbi:mysql:database=$t->{database};host=$t->{host};port=$t->{port}";
(my $file = "$schema_class.pm") =~ s{::}{/}g;
require $file;
(my $package = $call) =~ s/::[^:]+$//;
(my $pfile = "$package.pm") =~ s{::}{/}g;
require $pfile;
my $schema = $schema_class->connect($dsn, $t->{user}, $ENV{DBRACE_PASSWORD} // '', { RaiseError => 1, AutoCommit => 1,
    PrintError => 0 });
my $dbh = $schema->storage->dbh;
if (my $level = $hello->{isolation}) {
    $level = uc($level =~ s/-/ /gr);
    $dbh->do($pg ? "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL $level"
                 : "SET SESSION TRANSACTION ISOLATION LEVEL $level");
}
my $actual;
for my $q ($pg ? ('SHOW transaction_isolation') : ('SELECT @@SESSION.tx_isolation', 'SELECT @@SESSION.transaction_isolation')) {
    my ($l) = eval { $dbh->selectrow_array($q) };
    if (defined $l) { $actual = lc($l =~ s/ /-/gr); last }
}
send_line({ type => 'ready', isolation => $actual });

my $sub = \&{$call};
while (my $line = <STDIN>) {
    my $msg = $json->decode($line);
    last if $msg->{type} eq 'stop';
    my $result;
    if (eval { $sub->($schema, %{ $msg->{key} }); 1 }) {
        $result = { outcome => 'returned' };
    } else {
        my $e = "$@";
        my $h = $schema->storage->dbh;
        my ($code, $state) = ($h->err, $h->state);
        my $unique = ($state // '') =~ /^(23000|23505)$/ || $e =~ /Duplicate entry|duplicate key value/;
        $result = { outcome => $unique ? 'integrity_error' : 'error',
                    error => { class => ref($@) || 'die', code => ($code && $code =~ /^\d+$/ ? $code + 0 : undef),
                               sqlstate => $state || undef, message => substr((split /\n/, $e)[0] // '', 0, 300) } };
    }
    send_line({ %$result, type => 'result', seq => $msg->{seq} });
}
