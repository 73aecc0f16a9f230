package io.log2.logic.check;

import io.log2.logic.Findings;
import io.log2.logic.RunAbortedError;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an uploaded rule may touch. Rules run inside the service with its rights, so everything a rule names is
 * checked against this allow-list: the agent's fact types, the {@code findings} global, the value types of
 * {@code java.lang}, {@code java.time} and the collections of {@code java.util}. Everything else (reflection, class
 * loaders, threads, processes, {@code System}, I/O, the network, CDI, JDBC, the service's own classes, the engine's
 * internals) is refused. Types are compared by their binary names, so no spelling reaches a class outside the list.
 */
public final class RulePolicy {

    /** java.lang types a rule may use as values: strings, numbers, booleans, characters, arithmetic. */
    private static final Set<String> JAVA_LANG = Set.of(
            "Object", "String", "CharSequence", "StringBuilder", "Boolean", "Character", "Number", "Byte", "Short",
            "Integer", "Long", "Float", "Double", "Math", "StrictMath", "Comparable", "Iterable",
            // exceptions a rule may throw or catch (never Throwable or Error: those stop a runaway rule)
            "Exception", "RuntimeException", "IllegalArgumentException", "IllegalStateException",
            "ArithmeticException", "NullPointerException", "NumberFormatException", "IndexOutOfBoundsException",
            "ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException", "UnsupportedOperationException",
            "ClassCastException");

    /**
     * The collections of java.util and its small helpers, and Locale (for {@code String.format(Locale.ROOT, ...)}; its
     * {@code setDefault} is refused); not Timer, ServiceLoader, Scanner, Formatter, Properties...
     */
    private static final Set<String> JAVA_UTIL = Set.of(
            "Collection", "List", "ArrayList", "LinkedList", "Map", "Map$Entry", "HashMap", "LinkedHashMap", "TreeMap",
            "SortedMap", "NavigableMap", "Set", "HashSet", "LinkedHashSet", "TreeSet", "SortedSet", "NavigableSet",
            "Queue", "Deque", "ArrayDeque", "PriorityQueue", "Iterator", "ListIterator", "Collections", "Arrays",
            "Objects", "Optional", "OptionalInt", "OptionalLong", "OptionalDouble", "Comparator", "StringJoiner", "Locale",
            "AbstractMap$SimpleEntry", "AbstractMap$SimpleImmutableEntry", "NoSuchElementException",
            "ConcurrentModificationException");

    /** Methods no rule may call, whatever the class: they reach the class, the monitor or the JVM's settings. */
    private static final Set<String> DENIED_METHODS = Set.of(
            "getClass", "wait", "notify", "notifyAll", "finalize", "printStackTrace", "setDefault");

    /** Boxed-number methods that read system properties. */
    private static final Set<String> DENIED_BOXED_METHODS = Set.of("getInteger", "getLong", "getBoolean");

    /**
     * What a consequence may ask of the engine through {@code kcontext} or {@code drools}: change the session's own
     * facts, stop the session, and read its own rule and match. Not the session, the knowledge base, entry points,
     * channels or class loaders.
     */
    private static final Set<String> ENGINE_METHODS = Set.of(
            "insert(Ljava/lang/Object;)Lorg/kie/api/runtime/rule/FactHandle;",
            "insert(Ljava/lang/Object;Z)Lorg/kie/api/runtime/rule/FactHandle;",
            "insertLogical(Ljava/lang/Object;)Lorg/kie/api/runtime/rule/FactHandle;",
            "insertLogical(Ljava/lang/Object;Ljava/lang/Object;)Lorg/kie/api/runtime/rule/FactHandle;",
            "getFactHandle(Ljava/lang/Object;)Lorg/kie/api/runtime/rule/FactHandle;",
            "getFactHandle(Lorg/kie/api/runtime/rule/FactHandle;)Lorg/kie/api/runtime/rule/FactHandle;",
            "update(Lorg/kie/api/runtime/rule/FactHandle;Ljava/lang/Object;)V",
            "update(Lorg/kie/api/runtime/rule/FactHandle;)V",
            "update(Lorg/kie/api/runtime/rule/FactHandle;Lorg/drools/util/bitmask/BitMask;Ljava/lang/Class;)V",
            "update(Ljava/lang/Object;)V",
            "update(Ljava/lang/Object;Lorg/drools/util/bitmask/BitMask;Ljava/lang/Class;)V",
            "retract(Lorg/kie/api/runtime/rule/FactHandle;)V",
            "retract(Ljava/lang/Object;)V",
            "delete(Ljava/lang/Object;)V",
            "delete(Lorg/kie/api/runtime/rule/FactHandle;)V",
            "halt()V",
            "getRule()Lorg/kie/api/definition/rule/Rule;",
            "getMatch()Lorg/kie/api/runtime/rule/Match;");

    private static final Set<String> ENGINE_CONTEXTS = Set.of(
            "org/drools/core/rule/consequence/KnowledgeHelper", "org/drools/base/rule/consequence/ConsequenceContext",
            "org/kie/api/runtime/rule/RuleContext");

    /** A rule's own rule and match may be read, not the rule's metadata (shared by every run). */
    private static final Set<String> RULE_METHODS = Set.of("getName", "getPackageName", "getId");
    private static final Set<String> MATCH_METHODS = Set.of(
            "getRule", "getObjects", "getDeclarationIds", "getDeclarationValue", "getSalience");

    private static final String FINDINGS = Findings.class.getName().replace('.', '/');
    private static final Set<String> FINDINGS_METHODS = Set.of("alert", "recommend", "act");

    /** What ends a run from inside it; no handler in rule code may catch these. */
    @SuppressWarnings("removal")
    private static final List<Class<? extends Throwable>> RUN_STOPS = List.of(
            RunAbortedError.class, StackOverflowError.class, OutOfMemoryError.class, ThreadDeath.class);

    /**
     * Classes whose member names an MVEL expression (a constraint, a {@code from}) may use. MVEL resolves members
     * at run time by name on whatever object it holds, so these expressions may only name members that the allowed
     * types have: a fact's fields, a string's or a collection's methods, and so on.
     */
    private static final List<Class<?>> VALUE_CLASSES = List.of(
            Object.class, String.class, CharSequence.class, StringBuilder.class, Boolean.class, Character.class,
            Number.class, Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, Math.class,
            Comparable.class, Iterable.class, java.util.Collection.class, java.util.List.class, java.util.Map.class,
            java.util.Map.Entry.class, java.util.Set.class, java.util.Collections.class, java.util.Arrays.class,
            java.util.Objects.class, java.util.Optional.class, java.time.Instant.class, java.time.LocalDate.class,
            java.time.LocalDateTime.class, java.time.LocalTime.class, java.time.ZonedDateTime.class,
            java.time.OffsetDateTime.class, java.time.Duration.class, java.time.Period.class, java.time.YearMonth.class,
            java.time.Year.class, java.time.DayOfWeek.class, java.time.Month.class, java.time.ZoneId.class,
            java.time.ZoneOffset.class, java.time.temporal.ChronoUnit.class);

    private static volatile Set<String> valueMembers;

    private final Set<String> factTypes = new HashSet<>();
    private final Set<String> memberNames = new HashSet<>();
    private final boolean declarations;

    /** @param factTypes the agent's fact types ({@code Agent.factTypes()}) */
    public RulePolicy(Collection<? extends Class<?>> factTypes) {
        this(factTypes, false);
    }

    /**
     * @param factTypes    the agent's fact types ({@code Agent.factTypes()})
     * @param declarations whether the rules may declare fact types of their own ({@code Agent.declaresFactTypes()})
     */
    public RulePolicy(Collection<? extends Class<?>> factTypes, boolean declarations) {
        this.declarations = declarations;
        for (Class<?> type : factTypes) {
            this.factTypes.add(type.getName().replace('.', '/'));
        }
        for (Class<?> type : factTypes) {
            addMembers(type, memberNames, this::allowsType);
        }
        memberNames.addAll(valueMembers());
        memberNames.addAll(FINDINGS_METHODS);
    }

    /** Whether the rules may declare fact types of their own ({@link DeclarationCheck} checks each declaration). */
    public boolean allowsDeclarations() {
        return declarations;
    }

    /**
     * Allows a fact type declared in the rules (binary name with dots) and the members the engine generates for its
     * fields: the field, its getter and its setter. Called by {@link DeclarationCheck} for declarations it accepted.
     */
    void declare(String className, Collection<String> fields) {
        factTypes.add(className.replace('.', '/'));
        for (String field : fields) {
            String suffix = Character.toUpperCase(field.charAt(0)) + field.substring(1);
            memberNames.addAll(List.of(field, "get" + suffix, "set" + suffix, "is" + suffix));
        }
    }

    /** Whether an MVEL expression may name a member (a field, a method or a bean property) of this name. */
    public boolean allowsMemberName(String name) {
        return memberNames.contains(name) && !DENIED_METHODS.contains(name) && !name.equals("class")
                && !name.startsWith("parallel") && !DENIED_BOXED_METHODS.contains(name);
    }

    private static Set<String> valueMembers() {
        Set<String> members = valueMembers;
        if (members == null) {
            members = new HashSet<>();
            // the JDK's value types never hand out an agent's facts, so the JDK's part of the list is enough
            for (Class<?> type : VALUE_CLASSES) {
                addMembers(type, members, RulePolicy::allowsJdkType);
            }
            valueMembers = members;
        }
        return members;
    }

    /**
     * The names of a type's public members that give a value a rule may hold: a member whose type is not allowed
     * ({@code Integer.TYPE} is a {@code Class}, {@code chars()} a stream, {@code describeConstable()} an
     * {@code Optional} of a constant descriptor) is not named, so an expression cannot step from an allowed value
     * to one that is not.
     */
    private static void addMembers(Class<?> type, Set<String> names, Predicate<String> allowed) {
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class && type != Object.class
                    || !allowsValue(m.getGenericReturnType(), allowed)) {
                continue;
            }
            String name = m.getName();
            names.add(name);
            if (m.getParameterCount() == 0) {
                if (name.startsWith("get") && name.length() > 3) {
                    names.add(Character.toLowerCase(name.charAt(3)) + name.substring(4));
                } else if (name.startsWith("is") && name.length() > 2) {
                    names.add(Character.toLowerCase(name.charAt(2)) + name.substring(3));
                }
            }
        }
        for (Field f : type.getFields()) {
            if (Modifier.isPublic(f.getModifiers()) && allowsValue(f.getGenericType(), allowed)) {
                names.add(f.getName());
            }
        }
        if (type.isRecord()) {
            for (var component : type.getRecordComponents()) {
                if (allowsValue(component.getGenericType(), allowed)) {
                    names.add(component.getName());
                }
            }
        }
    }

    /** Whether a member's (generic) type is allowed: the class and every type argument; type variables stand for any. */
    private static boolean allowsValue(java.lang.reflect.Type type, Predicate<String> allowed) {
        if (type instanceof Class<?> c) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            return element.isPrimitive() || allowed.test(element.getName().replace('.', '/'));
        }
        if (type instanceof ParameterizedType p) {
            return allowsValue(p.getRawType(), allowed)
                    && Arrays.stream(p.getActualTypeArguments()).allMatch(a -> allowsValue(a, allowed));
        }
        if (type instanceof WildcardType w) {
            return Arrays.stream(w.getUpperBounds()).allMatch(b -> allowsValue(b, allowed))
                    && Arrays.stream(w.getLowerBounds()).allMatch(b -> allowsValue(b, allowed));
        }
        if (type instanceof GenericArrayType a) {
            return allowsValue(a.getGenericComponentType(), allowed);
        }
        return type instanceof TypeVariable<?>;
    }

    /**
     * Whether a rule may name a type (binary name with slashes, {@code java/util/List}; arrays by their element).
     * Primitive types are always allowed.
     */
    public boolean allowsType(String internalName) {
        String name = elementType(internalName);
        if (name == null) {
            return true;
        }
        return factTypes.contains(name) || name.equals(FINDINGS) || allowsJdkType(name);
    }

    /** The JDK's part of {@link #allowsType(String)}, for a class name that is not an array. */
    private static boolean allowsJdkType(String name) {
        if (name.startsWith("java/lang/") && JAVA_LANG.contains(name.substring(10))) {
            return true;
        }
        if (name.startsWith("java/util/function/")) {
            return name.indexOf('/', 19) < 0;
        }
        if (name.startsWith("java/util/") && JAVA_UTIL.contains(name.substring(10))) {
            return true;
        }
        if (name.startsWith("java/time/")) {
            // ZoneRulesProvider registers time-zone rules for the whole JVM
            return !name.equals("java/time/zone/ZoneRulesProvider");
        }
        return false;
    }

    /**
     * Whether a rule may catch a type: an allowed exception type, or an {@code Error} that cannot stand for what stops
     * a run ({@link RunAbortedError}, a stack overflow, running out of memory, a stopped thread). Java compiles a
     * {@code switch} over an enum into code that catches {@code NoSuchFieldError}; {@code Throwable}, {@code Error}
     * and {@code VirtualMachineError} stay refused.
     */
    public boolean allowsCatch(String internalName) {
        if (allowsType(internalName)) {
            return true;
        }
        if (!internalName.startsWith("java/lang/")) {
            return false;
        }
        try {
            Class<?> type = Class.forName(internalName.replace('/', '.'), false, null);
            return Error.class.isAssignableFrom(type) && !VirtualMachineError.class.isAssignableFrom(type)
                    && RUN_STOPS.stream().noneMatch(type::isAssignableFrom);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether a package holds types a rule may use, so that a wildcard import of it makes sense. */
    public boolean allowsPackage(String packageName) {
        String prefix = packageName.replace('.', '/') + "/";
        return factTypes.stream().anyMatch(t -> t.startsWith(prefix) && t.indexOf('/', prefix.length()) < 0)
                || FINDINGS.startsWith(prefix) && FINDINGS.indexOf('/', prefix.length()) < 0;
    }

    /** Same as {@link #allowsType(String)} for a class name with dots ({@code java.util.List}). */
    public boolean allowsClass(String className) {
        return allowsType(className.replace('.', '/'));
    }

    /**
     * Whether a rule may call a method. {@code owner} is the class the call names (binary name with slashes); the
     * owner must be allowed, or be one of the engine types a consequence receives, with the method on that type's
     * short list.
     */
    public boolean allowsMethod(String owner, String name, String descriptor) {
        if (DENIED_METHODS.contains(name) || name.startsWith("parallel")) {
            return false;
        }
        if (ENGINE_CONTEXTS.contains(owner)) {
            return ENGINE_METHODS.contains(name + descriptor);
        }
        switch (owner) {
            case "org/kie/api/definition/rule/Rule":
                return RULE_METHODS.contains(name);
            case "org/kie/api/runtime/rule/Match":
                return MATCH_METHODS.contains(name);
            case "org/drools/util/bitmask/EmptyBitMask", "org/drools/util/bitmask/AllSetBitMask",
                 "org/drools/util/bitmask/AllSetButLastBitMask":
                // the masks Drools' own code generation passes to update() for modify and update
                return name.equals("get");
            case "org/drools/mvel/field/FieldFactory":
                // generated for accumulate function arguments
                return name.equals("getInstance") || name.equals("getFieldValue");
            default:
                break;
        }
        if (owner.equals(FINDINGS)) {
            return FINDINGS_METHODS.contains(name);
        }
        if (owner.startsWith("java/lang/") && DENIED_BOXED_METHODS.contains(name)) {
            return false;
        }
        return allowsType(owner);
    }

    /** Types the generated code of a rule may hold or cast to without calling them (engine plumbing). */
    public boolean allowsPlumbingType(String internalName) {
        String name = elementType(internalName);
        return name == null || allowsType(name) || ENGINE_CONTEXTS.contains(name)
                || name.equals("org/kie/api/runtime/rule/FactHandle") || name.equals("org/kie/api/runtime/rule/Match")
                || name.equals("org/kie/api/definition/rule/Rule") || name.startsWith("org/drools/util/bitmask/")
                || name.equals("org/drools/base/rule/accessor/FieldValue");
    }

    /** The element type of an array type, the type itself otherwise; {@code null} for primitive (array) types. */
    static String elementType(String internalName) {
        String name = internalName;
        if (!name.startsWith("[")) {
            return name;
        }
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return null;
        }
        return name.substring(1, name.length() - 1);
    }
}
