package io.log2.logic;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a rule concluded: an alert or a recommendation about one resource, with the measured value, the
 * threshold it was compared with and a sentence a person can read. {@code firing} is the firing's
 * sequence number within its run, which ties the finding to the exact rule firing that raised it.
 * {@code fact} is the fact it was raised on, which the log uses to recognise the same condition seen again.
 */
public record Finding(String id, int firing, String kind, String severity, String category, String rule,
                      String file, Integer row, String resource, Double value, Double threshold, String message,
                      @JsonIgnore Object fact) {

    public static final String ALERT = "alert";
    public static final String RECOMMENDATION = "recommendation";
}
