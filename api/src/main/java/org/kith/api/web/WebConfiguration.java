package org.kith.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.kith.core.account.Principal;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** JSON strictness, the {@link Principal} argument, the problem writer and the OpenAPI description. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "Kith API",
            version = "v1",
            description =
                "Identity and consent platform: accounts, profile objects, consent, verification."))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
class WebConfiguration implements WebFluxConfigurer {
  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Principal.class, Caller.class);
    // an Object is any JSON value (free-form data: properties, JSON Schemas, JWKs), not "an object"
    SpringDocUtils.getConfig()
        .replaceWithSchema(Object.class, new io.swagger.v3.oas.models.media.Schema<>());
  }

  @Override
  public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
    configurer.addCustomResolver(new PrincipalArgumentResolver());
  }

  @Bean
  NettyHardening nettyHardening() {
    return new NettyHardening();
  }

  @Bean
  ConsistencyFilter consistencyFilter() {
    return new ConsistencyFilter();
  }

  @Bean
  RequestSizeLimitFilter requestSizeLimitFilter(org.kith.api.config.KithProperties p) {
    return new RequestSizeLimitFilter(
        p.blobs().maxJsonBody().toBytes(), p.blobs().maxDocumentSize().toBytes());
  }

  @Bean
  Problems problems(ObjectMapper json) {
    return new Problems(json);
  }

  /**
   * Wrong JSON types are errors (400), not silently coerced: {@code "username": 5} is not a string; and
   * decimals keep their exact written value.
   */
  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictJsonTypes() {
    return builder -> builder.postConfigurer(mapper -> {
      // 0.10 stays 0.10: user data round-trips exactly, also through JsonNode
      mapper.configure(
          com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES,
          false);
      mapper
          .coercionConfigFor(LogicalType.Textual)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
      mapper
          .coercionConfigFor(LogicalType.Boolean)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
      mapper
          .coercionConfigFor(LogicalType.Integer)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    });
  }

  /**
   * The OpenAPI schemas are read with the application's own mapper, so property names are the ones its naming
   * strategy ({@code spring.jackson.property-naming-strategy}) puts on the wire, and nullness comes from the
   * records' {@code @Nullable} components.
   */
  @Bean
  io.swagger.v3.core.jackson.ModelResolver wireModelResolver(ObjectMapper json) {
    return new WireModelResolver(json);
  }

  @Bean
  ContractDocument contractDocument() {
    return new ContractDocument();
  }

  /**
   * Per-address limit of the unauthenticated check routes ({@code kith.verify.checks-per-second}), shared by every
   * node through Redis when {@code kith.redis.uri} is set.
   */
  @Bean
  ClientRateLimiter checkRateLimiter(
      org.kith.api.config.KithProperties p,
      org.springframework.beans.factory.ObjectProvider<SharedBuckets> shared) {
    return new ClientRateLimiter(p.verify().checksPerSecond(), shared.getIfAvailable());
  }

  @Bean(destroyMethod = "close")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("kith.redis.uri")
  SharedBuckets sharedBuckets(org.kith.api.config.KithProperties p) {
    return new SharedBuckets(
        java.util.Objects.requireNonNull(p.redis().uri()), p.redis().timeout());
  }
}
