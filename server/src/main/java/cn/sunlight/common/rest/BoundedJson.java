package cn.sunlight.common.rest;

import cn.sunlight.common.input.JsonInputModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Puts the input bounds ({@link JsonInputModule}) on the ObjectMapper that reads every JSON body and socket message. */
@Singleton
public class BoundedJson implements ObjectMapperCustomizer {

    /** Last, after Quarkus has registered its own modules (java.time among them): these deserializers must win. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        JsonInputModule.install(mapper);
    }
}
