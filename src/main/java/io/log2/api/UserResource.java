package io.log2.api;

import io.log2.api.Views.UserView;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import io.log2.security.User;
import io.log2.security.UserService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;

/** Users and their roles; admins only. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserResource {

    /** A new user: name, password (at least 8 characters) and roles. */
    public record NewUser(String username, String password, List<String> roles) {
    }

    /** A change of a user: a new password, new roles, or both. */
    public record UserChange(String password, List<String> roles) {
    }

    @Inject
    UserService users;

    @GET
    public List<UserView> list() {
        return users.all().stream().map(UserResource::view).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(NewUser user) {
        if (user == null) {
            throw new InvalidRequestException("the body needs username, password and roles", "body");
        }
        User created = users.add(user.username(), user.password(), user.roles());
        return Response.status(201).entity(view(created)).build();
    }

    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView change(@PathParam("username") String username, UserChange change) {
        if (change == null) {
            throw new InvalidRequestException("the body needs a password, roles or both", "body");
        }
        return view(users.update(username, change.password(), change.roles()));
    }

    private static UserView view(User u) {
        return new UserView(u.username, Arrays.asList(u.roles.split(",")));
    }
}
