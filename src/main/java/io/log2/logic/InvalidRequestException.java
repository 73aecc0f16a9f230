package io.log2.logic;

/** A request the service cannot act on, with where in it the problem lies (a JSON pointer or a parameter name). */
public class InvalidRequestException extends RuntimeException {

    private final String where;

    public InvalidRequestException(String message, String where) {
        super(message);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
