package io.log2.security;

/** The roles of the service. Each endpoint names every role allowed on it; admin is allowed everywhere. */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";
    public static final java.util.Set<String> ALL = java.util.Set.of(VIEWER, EDITOR, APPROVER, ADMIN);

    private Roles() {
    }
}
