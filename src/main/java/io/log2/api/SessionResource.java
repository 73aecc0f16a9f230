package io.log2.api;

import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** Who is asking and with which roles: the console shows a user only the actions their roles allow. */
@Path("/api/me")
public class SessionResource {

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Views.UserView me(SecurityContext security) {
        List<String> roles = Roles.ALL.stream().filter(security::isUserInRole).sorted().toList();
        return new Views.UserView(security.getUserPrincipal().getName(), roles);
    }
}
