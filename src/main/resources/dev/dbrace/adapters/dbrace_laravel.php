<?php
// Races or explores your own Laravel code (Eloquent on Illuminate Database) on your own table, with no protocol code
// of yours.
//
//   dbrace run --laravel 'Team\Tags::firstOrCreate' --require src/Tags.php --project examples/laravel/team \
//              --table tags --key-columns name
//
// dbrace starts this file itself (it travels inside dbrace's jar) with your PHP, in --project (default: the current
// folder), where the --require files are taken from. It boots Illuminate Database's Capsule on the server dbrace names
// (through its statement gate) with Laravel's own defaults for the driver (mysql or pgsql), sets the level only where
// dbrace is asked for one, requires each --require file, and calls the static method you name once a call, with one
// named argument per key column:
//
//   Tags::firstOrCreate(name: ...)
//
// It need say nothing of what it did: through dbrace's statement gate the call created the row when an INSERT of it
// committed, and found it when it returned without one. An exception it lets out is the caller's: a QueryException
// on a unique key (SQLSTATE 23000, 23505) is integrity_error, a ModelNotFoundException does_not_exist, any other an
// error with the driver's code. DBRACE_ILLUMINATE_AUTOLOAD names another autoloader than Debian's.
require_once getenv('DBRACE_ILLUMINATE_AUTOLOAD') ?: '/usr/share/php/Illuminate/Database/autoload.php';

use Illuminate\Database\Capsule\Manager as Capsule;

function send(array $message): void
{
    fwrite(STDOUT, json_encode($message) . "\n");
    fflush(STDOUT);
}

$call = null;
$requires = [];
$args = array_slice($argv, 1);
while ($args) {
    $a = array_shift($args);
    if ($a === '--call') {
        $call = array_shift($args);
    } elseif ($a === '--require') {
        $requires[] = array_shift($args);
    } elseif ($a === '--project') {
        chdir(array_shift($args));
    } else {
        fwrite(STDERR, "dbrace_laravel: unknown argument $a\n");
        exit(2);
    }
}
if ($call === null || strpos($call, '::') === false) {
    fwrite(STDERR, "dbrace_laravel: name the call as Class::method, e.g. --call 'Team\\Tags::firstOrCreate'\n");
    exit(2);
}

$hello = json_decode(fgets(STDIN), true);
$t = $hello['target'];
$pg = $t['family'] === 'postgresql';
$capsule = new Capsule();
$capsule->addConnection($pg
    ? ['driver' => 'pgsql', 'host' => $t['host'], 'port' => $t['port'], 'database' => $t['database'],
       'username' => $t['user'], 'password' => getenv('DBRACE_PASSWORD') ?: '', 'charset' => 'utf8', 'schema' => 'public']
    : ['driver' => 'mysql', 'host' => $t['host'], 'port' => $t['port'], 'database' => $t['database'],
       'username' => $t['user'], 'password' => getenv('DBRACE_PASSWORD') ?: '', 'charset' => 'utf8mb4',
       'collation' => 'utf8mb4_unicode_ci']);
$capsule->setAsGlobal();
$capsule->bootEloquent();
$db = $capsule->getConnection();
if ($hello['isolation']) {
    $level = strtoupper(str_replace('-', ' ', $hello['isolation']));
    $db->statement($pg ? "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL $level"
                       : "SET SESSION TRANSACTION ISOLATION LEVEL $level");
}
foreach ($requires as $r) {
    require_once $r;
}
[$class, $method] = explode('::', $call, 2);
$actual = null;
foreach ($pg ? ['SHOW transaction_isolation'] : ['SELECT @@SESSION.tx_isolation AS l', 'SELECT @@SESSION.transaction_isolation AS l'] as $q) {
    try {
        $row = (array) $db->selectOne($q);
        $actual = strtolower(str_replace(' ', '-', (string) array_values($row)[0]));
        break;
    } catch (Throwable $e) {
        continue;       // MariaDB before 11.1 says tx_isolation, MySQL 8 transaction_isolation
    }
}
send(['type' => 'ready', 'isolation' => $actual]);

function error_of(Throwable $e): array
{
    $info = property_exists($e, 'errorInfo') && is_array($e->errorInfo) ? $e->errorInfo : [];
    return ['class' => get_class($e), 'code' => isset($info[1]) && is_int($info[1]) ? $info[1] : null,
            'sqlstate' => $info[0] ?? null, 'message' => substr(strtok($e->getMessage(), "\n"), 0, 300)];
}

while (($line = fgets(STDIN)) !== false) {
    $msg = json_decode($line, true);
    if ($msg['type'] === 'stop') {
        break;
    }
    try {
        $class::$method(...$msg['key']);
        $result = ['outcome' => 'returned'];
    } catch (Illuminate\Database\Eloquent\ModelNotFoundException $e) {
        $result = ['outcome' => 'does_not_exist', 'error' => error_of($e)];
    } catch (Illuminate\Database\QueryException $e) {
        $state = $e->errorInfo[0] ?? '';
        $result = ['outcome' => $state === '23000' || $state === '23505' ? 'integrity_error' : 'error',
                   'error' => error_of($e)];
    } catch (Throwable $e) {
        $result = ['outcome' => 'error', 'error' => error_of($e)];
    }
    send($result + ['type' => 'result', 'seq' => $msg['seq']]);
}
