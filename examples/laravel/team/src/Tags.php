<?php
// A small team's tags on Laravel's Eloquent (Illuminate Database 8, Debian's php-illuminate-database). dbrace races
// a static method by name:
//
//   dbrace explain --all --laravel 'Team\Tags::firstOrCreate' --require src/Tags.php --project examples/laravel/team \
//       --table tags --key-columns name -i repeatable-read
namespace Team;

use Illuminate\Database\Eloquent\Model;

class Tag extends Model
{
    protected $table = 'tags';
    protected $fillable = ['name'];
}

class Tags
{
    /** Eloquent's firstOrCreate, as Laravel's docs show it. */
    public static function firstOrCreate(string $name): Tag
    {
        return Tag::firstOrCreate(['name' => $name]);
    }
}
