package io.log2.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** POSTs a JSON body; anything but a 2xx answer is a failed attempt that names the status and the answer's start. */
@ApplicationScoped
class HttpPost {

    @Inject
    NotificationConfig config;

    private volatile HttpClient client;

    void json(String url, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(config.httpTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> answer = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            String text = answer.body() == null ? "" : answer.body().strip();
            throw new IOException("HTTP " + answer.statusCode() + (text.isEmpty() ? "" : ": "
                    + (text.length() > 200 ? text.substring(0, 200) : text)));
        }
    }

    static void checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new io.log2.logic.InvalidRequestException("target is not a URL: " + e.getMessage(), "/target");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new io.log2.logic.InvalidRequestException("target must be an http or https URL", "/target");
        }
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(config.httpTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }
}
