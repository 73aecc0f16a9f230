package io.log2.intelligence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The learners there are: CDI beans in the service, {@link ServiceLoader} entries outside it (the evaluation command). */
@ApplicationScoped
public class Learners {

    @Inject
    @Any
    Instance<Learner> beans;

    public List<Learner> all() {
        return beans.stream().sorted(Comparator.comparing(Learner::name)).toList();
    }

    public Optional<Learner> named(String name) {
        return all().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The learners outside a CDI container, from {@code META-INF/services/io.log2.intelligence.Learner}. */
    public static List<Learner> loaded() {
        return ServiceLoader.load(Learner.class, Learners.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Learner::name)).toList();
    }
}
