package com.example.tags.race;

import com.example.tags.TagApplication;
import com.example.tags.TagService;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The service's Spring context, started once in dbrace's process on the DataSource dbrace races through (each racing
 * thread's connections, through its statement gate when it explores). The schema is the race's, not Hibernate's.
 */
final class TagContext {

    private static ConfigurableApplicationContext context;

    private TagContext() {
    }

    static synchronized TagService service(DataSource dataSource) {
        if (context == null) {
            ClassLoader loader = TagContext.class.getClassLoader();
            // dbrace logs through its own SLF4J binding: Spring Boot is not to take logging over (Logback is on its path)
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            context = inLoader(() -> new SpringApplicationBuilder(TagApplication.class)
                    .resourceLoader(new DefaultResourceLoader(loader))
                    .web(WebApplicationType.NONE)
                    .initializers(c -> c.getBeanFactory().registerSingleton("dataSource", dataSource))
                    .properties("spring.main.banner-mode=off", "spring.main.log-startup-info=false",
                            "logging.level.root=warn", "spring.jpa.hibernate.ddl-auto=none", "spring.jpa.open-in-view=false")
                    .run());
            Runtime.getRuntime().addShutdownHook(new Thread(context::close, "tag-service-close"));
        }
        return context.getBean(TagService.class);
    }

    /** Runs {@code work} with this jar's class loader as the thread's, as Spring and Hibernate look classes up there. */
    static <T> T inLoader(Work<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(TagContext.class.getClassLoader());
        try {
            return work.run();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    interface Work<T> {
        T run();
    }
}
