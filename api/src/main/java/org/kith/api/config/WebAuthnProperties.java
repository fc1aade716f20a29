package org.kith.api.config;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kith.webauthn.*}.
 *
 * @param rpId the relying party id passkeys are bound to: a registrable domain (not an IP address); unset,
 *     the host of {@code kith.issuer-url}
 * @param rpName the name authenticators show
 * @param origins the exact origins ({@code scheme://host[:port]}) ceremonies may come from; none set, the
 *     origin of {@code kith.issuer-url}
 */
@ConfigurationProperties("kith.webauthn")
public record WebAuthnProperties(
    @Nullable String rpId,
    @DefaultValue("Kith") String rpName,
    @DefaultValue List<String> origins) {}
