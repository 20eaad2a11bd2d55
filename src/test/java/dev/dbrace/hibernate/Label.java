package dev.dbrace.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A team's own entity on its own table (nothing named like dbrace's): a label with a unique name. */
@Entity
@Table(name = "shop_label")
public class Label {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 80)
    private String name;

    protected Label() {
    }

    public Label(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }
}
