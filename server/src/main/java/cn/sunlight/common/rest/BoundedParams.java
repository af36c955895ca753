package cn.sunlight.common.rest;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.input.Bounds;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Query, path, header and form parameters of type number, instant or date pass {@link Bounds} before any endpoint
 * sees them, and an unreadable one is a 400/422 naming the parameter (JAX-RS would answer 404 for a query
 * parameter it cannot convert, as if the resource did not exist).
 */
@Provider
public class BoundedParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (rawType == BigDecimal.class) {
            return (ParamConverter<T>) converter(s -> Bounds.money(name, s));
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) converter(s -> Bounds.instant(name, s));
        }
        if (rawType == LocalDate.class) {
            return (ParamConverter<T>) converter(s -> Bounds.date(name, s));
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(s -> Bounds.integer(name, s, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(s -> (int) Bounds.integer(name, s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (rawType.isEnum()) {
            return (ParamConverter<T>) enumConverter(name, (Class) rawType);
        }
        return null;
    }

    private static <E extends Enum<E>> ParamConverter<E> enumConverter(String name, Class<E> type) {
        return converter(s -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(s.trim())) {
                    return e;
                }
            }
            String values = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(java.util.stream.Collectors.joining(", "));
            throw Bounds.refusal(400, name, "one-of", cn.sunlight.common.Text.of("应为以下之一: " + values, "expected one of: " + values));
        });
    }

    private static <V> ParamConverter<V> converter(java.util.function.Function<String, V> parse) {
        return new ParamConverter<>() {
            @Override
            public V fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return parse.apply(value);
                } catch (ProblemException e) {
                    // JAX-RS turns any other exception of a converter into 404; this one keeps its status and body.
                    throw new ProblemMappers.ParameterRefused(e);
                }
            }

            @Override
            public String toString(V value) {
                return String.valueOf(value);
            }
        };
    }

    static String name(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    return q.value();
                } else if (a instanceof PathParam p) {
                    return p.value();
                } else if (a instanceof HeaderParam h) {
                    return h.value();
                } else if (a instanceof FormParam f) {
                    return f.value();
                } else if (a instanceof CookieParam c) {
                    return c.value();
                }
            }
        }
        return "parameter";
    }
}
