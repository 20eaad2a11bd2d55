package dev.dbrace.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** The seed's model, mapped onto dbrace's table: unique (thing, owner). */
@Entity
@Table(name = "dbrace_myobj", uniqueConstraints = @UniqueConstraint(columnNames = {"thing_id", "owner_id"}))
public class MyObj {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "thing_id", nullable = false)
    private long thingId;

    @Column(name = "owner_id", nullable = false)
    private long ownerId;

    @Column(nullable = false)
    private boolean state;

    protected MyObj() {
    }

    public MyObj(long thingId, long ownerId, boolean state) {
        this.thingId = thingId;
        this.ownerId = ownerId;
        this.state = state;
    }

    public Long getId() {
        return id;
    }

    public void setState(boolean state) {
        this.state = state;
    }
}
