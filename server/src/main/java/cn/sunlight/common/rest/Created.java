package cn.sunlight.common.rest;

import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/**
 * The answer of a create endpoint: {@code 201 Created}, a {@code Location} where the new thing can be read (or the
 * list that shows it, where it has no address of its own), and the new thing itself as a typed body, so that the
 * OpenAPI document keeps its schema.
 */
public final class Created {

    private Created() {
    }

    /** {@code location} is a path of this application ({@code /api/...}); JAX-RS makes it absolute. */
    public static <T> RestResponse<T> at(String location, T body) {
        return RestResponse.ResponseBuilder.<T>created(URI.create(location)).entity(body).build();
    }
}
