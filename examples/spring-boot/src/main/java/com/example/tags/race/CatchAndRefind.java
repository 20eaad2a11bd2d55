package com.example.tags.race;

import dev.dbrace.api.Call;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Seen;

/**
 * {@code TagService.getOrCreateRefindingInNewTransaction}: find or save; on the unique key's violation, find again in a
 * new transaction. Created or found comes off the wire, as for {@link FindOrElseSave}.
 */
public final class CatchAndRefind implements GetOrCreate {

    @Override
    public Seen call(Call call) {
        var service = TagContext.service(call.dataSource());
        return TagContext.inLoader(() -> Seen.returned(
                service.getOrCreateRefindingInNewTransaction((String) call.key().get(0)).tag().getId()));
    }

    @Override
    public String name() {
        return "spring-catch-and-refind";
    }
}
