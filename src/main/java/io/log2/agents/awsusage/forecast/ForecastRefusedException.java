package io.log2.agents.awsusage.forecast;

/** The stored history cannot carry a forecast: there is none for the account, or too little of it. */
public class ForecastRefusedException extends RuntimeException {

    public ForecastRefusedException(String message) {
        super(message);
    }
}
