package com.example.tags;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The service's get-or-create, as Spring Data answers show it: find by name, or else save a new one. */
@Service
public class TagService {

    private final TagRepository tags;
    private final TransactionTemplate transaction;

    public TagService(TagRepository tags, PlatformTransactionManager transactions) {
        this.tags = tags;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The tag named {@code name}, and whether this call saved it. */
    public record Got(Tag tag, boolean created) {
    }

    @Transactional
    public Got getOrCreate(String name) {
        return tags.findByName(name).map(t -> new Got(t, false))
                .orElseGet(() -> new Got(tags.saveAndFlush(new Tag(name)), true));
    }

    /**
     * The usual fix: find or save in one transaction; when the save meets the unique key (another caller saved the
     * name first), that transaction is rolled back and a new one finds the row.
     */
    public Got getOrCreateRefindingInNewTransaction(String name) {
        try {
            return transaction.execute(status -> getOrCreate(name));
        } catch (DataIntegrityViolationException e) {
            return transaction.execute(status -> tags.findByName(name).map(t -> new Got(t, false)).orElseThrow(() -> e));
        }
    }
}
