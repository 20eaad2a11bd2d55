package com.example.tags.race;

import dev.dbrace.api.Call;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Seen;

/**
 * {@code TagService.getOrCreate}: Spring Data's {@code findByName(name).orElseGet(() -> saveAndFlush(…))} in one
 * {@code @Transactional} method. It says which row it returned and nothing more: dbrace reads created or found off
 * the statements Hibernate sent.
 * <pre>dbrace explain --all --strategy-jar CLASSPATH -s com.example.tags.race.FindOrElseSave --table tags --key-columns name</pre>
 */
public final class FindOrElseSave implements GetOrCreate {

    @Override
    public Seen call(Call call) {
        var service = TagContext.service(call.dataSource());
        return TagContext.inLoader(() -> Seen.returned(service.getOrCreate((String) call.key().get(0)).tag().getId()));
    }

    @Override
    public String name() {
        return "spring-find-or-else-save";
    }
}
