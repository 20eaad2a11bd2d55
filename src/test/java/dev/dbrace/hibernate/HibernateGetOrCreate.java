package dev.dbrace.hibernate;

import dev.dbrace.api.Call;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Seen;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * What a {@code @Transactional} service method does with Hibernate, as dbrace races it: the Java
 * version of the seed, and a correct one.
 */
final class HibernateGetOrCreate {

    private HibernateGetOrCreate() {
    }

    /**
     * An EntityManagerFactory on dbrace's DataSource: the race's pool, isolation and error count. The
     * dialect is named: MySQL Connector/J 9's {@code getSQLKeywords()} queries a column MariaDB's
     * {@code INFORMATION_SCHEMA.KEYWORDS} lacks, and Hibernate then cannot read the JDBC metadata.
     */
    static EntityManagerFactory factory(DataSource dataSource, String product) {
        return new HibernatePersistenceConfiguration("dbrace-race")
                .managedClass(MyObj.class)
                .property("hibernate.connection.datasource", dataSource)
                .property("hibernate.dialect", product.startsWith("MariaDB") ? "org.hibernate.dialect.MariaDBDialect"
                        : "org.hibernate.dialect.PostgreSQLDialect")
                .property("hibernate.boot.allow_jdbc_metadata_access", "false")
                .property("hibernate.connection.provider_disables_autocommit", "true")
                .property("hibernate.hbm2ddl.auto", "none")
                .createEntityManagerFactory();
    }

    static MyObj find(EntityManager em, Call call) {
        return em.createQuery("from MyObj o where o.thingId = :t and o.ownerId = :o", MyObj.class)
                .setParameter("t", call.thingId()).setParameter("o", call.ownerId())
                .getResultStream().findFirst().orElse(null);
    }

    /**
     * The seed in Hibernate, in one transaction: find; if absent, persist and flush; on the constraint
     * violation, find again; then set the state and commit.
     */
    static GetOrCreate findPersistRefind(EntityManagerFactory emf) {
        return seed(emf, false);
    }

    /**
     * The seed with the trap stepped around: after the constraint violation, detach everything
     * ({@code clear()}) so that the re-find can run, still in the same transaction.
     */
    static GetOrCreate clearAndRefind(EntityManagerFactory emf) {
        return seed(emf, true);
    }

    private static GetOrCreate seed(EntityManagerFactory emf, boolean clearBeforeRefind) {
        return call -> {
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                MyObj o = find(em, call);
                boolean created = false;
                if (o == null) {
                    try {
                        o = new MyObj(call.thingId(), call.ownerId(), call.state());
                        em.persist(o);
                        em.flush();
                        created = true;
                    } catch (PersistenceException duplicate) {   // Hibernate's ConstraintViolationException
                        if (clearBeforeRefind) {
                            em.clear();
                        }
                        o = find(em, call);                        // the seed's except IntegrityError: get()
                        if (o == null) {
                            return Seen.doesNotExist();
                        }
                    }
                }
                o.setState(call.state());
                em.getTransaction().commit();
                return Seen.of(created, o.getId());
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        };
    }

    /** The correct version: after the constraint violation, roll back and find in a new transaction. */
    static GetOrCreate refindInNewTransaction(EntityManagerFactory emf) {
        return call -> {
            try {
                return emf.callInTransaction(em -> {
                    MyObj o = find(em, call);
                    if (o != null) {
                        o.setState(call.state());
                        return Seen.found(o.getId());
                    }
                    o = new MyObj(call.thingId(), call.ownerId(), call.state());
                    em.persist(o);
                    em.flush();
                    return Seen.created(o.getId());
                });
            } catch (PersistenceException duplicate) {
                return emf.callInTransaction(em -> {
                    MyObj o = find(em, call);
                    if (o == null) {
                        return Seen.doesNotExist();
                    }
                    o.setState(call.state());
                    return Seen.found(o.getId());
                });
            }
        };
    }
}
