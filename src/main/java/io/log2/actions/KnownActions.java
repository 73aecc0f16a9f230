package io.log2.actions;

import io.log2.logic.ActionNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;

/** The names of the {@link Action} beans, for the rule compiler to check the actions rules ask for. */
@ApplicationScoped
public class KnownActions implements ActionNames {

    @Inject
    @Any
    Instance<Action> actions;

    @Override
    public Set<String> known() {
        Set<String> names = new TreeSet<>();
        actions.forEach(a -> names.add(a.name()));
        return names;
    }
}
