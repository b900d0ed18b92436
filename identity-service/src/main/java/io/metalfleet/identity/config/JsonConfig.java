package io.metalfleet.identity.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** Seed 004's own cURL example ends its object with a trailing comma; Onezone's clients send it, so it is accepted. */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature());
    }
}
