package com.example.tags;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The service's get-or-create, as Spring Data answers show it: find by name, or else save a new one. */
@Service
public class TagService {

    private final TagRepository tags;

    public TagService(TagRepository tags) {
        this.tags = tags;
    }

    /** The tag named {@code name}, and whether this call saved it. */
    public record Got(Tag tag, boolean created) {
    }

    @Transactional
    public Got getOrCreate(String name) {
        return tags.findByName(name).map(t -> new Got(t, false))
                .orElseGet(() -> new Got(tags.saveAndFlush(new Tag(name)), true));
    }
}
