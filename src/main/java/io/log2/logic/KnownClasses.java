package io.log2.logic;

import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's class loader as the rule compiler sees it, remembering what it was asked. Compiling a rule set asks
 * for many names that are not classes at all (annotation names, the rule package's own types before they exist, each
 * import tried with every name): a thousand-row table asks the same few names a thousand times, and the packaged
 * service's class loader answers each miss by opening its jars again. The service's own classes do not change while
 * it runs, so an answer, found or not, holds as long as the loader: its owner keeps it for every compile it makes
 * ({@link RuleSetService} for the service's rule sets), and it goes with its owner, so a class loader replaced on a
 * reload (Quarkus dev mode) is not held on to.
 */
final class KnownClasses extends ClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Past this many remembered misses (rule text can name anything) new misses are asked again each time. */
    private static final int MAX_MISSES = 50_000;

    private final Map<String, Class<?>> found = new ConcurrentHashMap<>();
    private final Set<String> missingClasses = ConcurrentHashMap.newKeySet();
    private final Set<String> missingResources = ConcurrentHashMap.newKeySet();

    private KnownClasses(ClassLoader parent) {
        super("log2-known-classes", parent);
    }

    /** {@code parent} when it already remembers, else a new remembering loader over it, to be kept by the caller. */
    static ClassLoader over(ClassLoader parent) {
        return parent instanceof KnownClasses ? parent : new KnownClasses(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Class<?> c = found.get(name);
        if (c != null) {
            return c;
        }
        if (missingClasses.contains(name)) {
            throw new ClassNotFoundException(name);
        }
        try {
            c = getParent().loadClass(name);
        } catch (ClassNotFoundException e) {
            if (missingClasses.size() < MAX_MISSES) {
                missingClasses.add(name);
            }
            throw e;
        }
        found.put(name, c);
        return c;
    }

    @Override
    public URL getResource(String name) {
        if (missingResources.contains(name)) {
            return null;
        }
        URL url = getParent().getResource(name);
        if (url == null && missingResources.size() < MAX_MISSES) {
            missingResources.add(name);
        }
        return url;
    }
}
